package dev.replicator.replica.abs;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Azure Storage's Shared Key authorization: the {@code Authorization} header of one request. */
final class SharedKey {

    private final String account;
    private final byte[] key;

    SharedKey(String account, String base64Key) {
        this.account = account;
        this.key = Base64.getDecoder().decode(base64Key);
    }

    /**
     * @param headers every header the request sends (x-ms-* and the standard ones that are signed), lower-case names
     * @param contentLength the body's length; 0 signs as empty
     */
    String authorization(String verb, URI uri, Map<String, String> headers, long contentLength) {
        StringBuilder s = new StringBuilder(verb).append('\n');
        for (String h : List.of("content-encoding", "content-language")) {
            s.append(headers.getOrDefault(h, "")).append('\n');
        }
        s.append(contentLength == 0 ? "" : Long.toString(contentLength)).append('\n');
        for (String h : List.of("content-md5", "content-type", "date", "if-modified-since", "if-match",
                "if-none-match", "if-unmodified-since", "range")) {
            s.append(headers.getOrDefault(h, "")).append('\n');
        }
        new TreeMap<>(headers).forEach((name, value) -> {
            if (name.startsWith("x-ms-")) {
                s.append(name).append(':').append(value.strip()).append('\n');
            }
        });
        s.append('/').append(account).append(uri.getRawPath());
        TreeMap<String, String> query = new TreeMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                query.merge(name, eq < 0 ? "" : decode(pair.substring(eq + 1)), (a, b) -> a + "," + b);
            }
        }
        query.forEach((name, value) -> s.append('\n').append(name).append(':').append(value));
        return "SharedKey " + account + ":" + hmac(s.toString());
    }

    private String hmac(String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}

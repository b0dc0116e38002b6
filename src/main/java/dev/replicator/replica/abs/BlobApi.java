package dev.replicator.replica.abs;

import dev.replicator.config.AbsSettings;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The few Blob service operations a replica needs, over java.net.http with Shared Key signing: Put Blob, Put Block,
 * Put Block List, Get Blob, Delete Blob and List Blobs. Every method returns the response, whatever its status;
 * {@link BlobErrors} reads failures.
 */
final class BlobApi {

    static final String VERSION = "2021-08-06";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US);

    private final AbsSettings settings;
    private final SharedKey signer;
    private final HttpClient http;

    BlobApi(AbsSettings settings) {
        this.settings = settings;
        this.signer = new SharedKey(settings.accountName(), settings.accountKey());
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** One whole blob, committed when the service answers 201. */
    HttpResponse<InputStream> putBlob(String name, byte[] content) throws IOException {
        return send("PUT", blobUri(name, ""), Map.of("x-ms-blob-type", "BlockBlob"), content);
    }

    HttpResponse<InputStream> putBlock(String name, String blockId, byte[] content) throws IOException {
        return send("PUT", blobUri(name, "comp=block&blockid=" + encode(blockId)), Map.of(), content);
    }

    HttpResponse<InputStream> putBlockList(String name, Iterable<String> blockIds) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        blockIds.forEach(id -> xml.append("<Latest>").append(id).append("</Latest>"));
        xml.append("</BlockList>");
        return send("PUT", blobUri(name, "comp=blocklist"), Map.of(),
                xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The blob from byte {@code from} on, if its ETag is still {@code eTag} (when given). */
    HttpResponse<InputStream> get(String name, long from, Optional<String> eTag) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (from > 0) {
            headers.put("x-ms-range", "bytes=" + from + "-");
        }
        eTag.ifPresent(e -> headers.put("if-match", e));
        return send("GET", blobUri(name, ""), headers, null);
    }

    HttpResponse<InputStream> delete(String name) throws IOException {
        return send("DELETE", blobUri(name, ""), Map.of(), null);
    }

    /** One page of List Blobs under {@code prefix}; {@code delimiter} "" for a flat listing. */
    HttpResponse<InputStream> list(String prefix, String delimiter, String marker) throws IOException {
        StringBuilder query = new StringBuilder("restype=container&comp=list&maxresults=5000");
        query.append("&prefix=").append(encode(prefix));
        if (!delimiter.isEmpty()) {
            query.append("&delimiter=").append(encode(delimiter));
        }
        if (!marker.isEmpty()) {
            query.append("&marker=").append(encode(marker));
        }
        return send("GET", URI.create(settings.serviceUrl() + "/" + settings.container() + "?" + query), Map.of(),
                null);
    }

    private URI blobUri(String name, String query) {
        StringBuilder path = new StringBuilder(settings.serviceUrl()).append('/').append(settings.container());
        for (String segment : name.split("/")) {
            path.append('/').append(encode(segment));
        }
        return URI.create(query.isEmpty() ? path.toString() : path + "?" + query);
    }

    private HttpResponse<InputStream> send(String verb, URI uri, Map<String, String> extra, byte[] body)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("x-ms-date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        headers.put("x-ms-version", VERSION);
        long length = body == null ? 0 : body.length;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(verb, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        request.header("Authorization", signer.authorization(verb, uri, headers, length));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + verb + " " + uri.getPath(), e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

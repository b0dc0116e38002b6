package dev.replicator.replica.abs;

import dev.replicator.config.AbsSettings;
import dev.replicator.replica.ReplicaException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns Blob service failures into one-line {@link ReplicaException}s that name the container and the fix. */
final class BlobErrors {

    private static final Pattern CODE = Pattern.compile("<Code>([^<]+)</Code>");

    private final AbsSettings settings;

    BlobErrors(AbsSettings settings) {
        this.settings = settings;
    }

    /** Throws unless the response has a 2xx status; reads and closes the body of a failure. */
    HttpResponse<InputStream> check(HttpResponse<InputStream> response, String what, String name) throws IOException {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response;
        }
        String code = response.headers().firstValue("x-ms-error-code").orElse("");
        try (InputStream body = response.body()) {
            String text = new String(body.readNBytes(4096), StandardCharsets.UTF_8);
            Matcher m = CODE.matcher(text);
            if (code.isEmpty() && m.find()) {
                code = m.group(1);
            }
        }
        String where = settings.describe();
        if (status == 404 && code.equals("ContainerNotFound")) {
            throw new ReplicaException(where + ": container " + settings.container()
                    + " does not exist: create it or fix 'bucket'");
        }
        if (status == 404) {
            FileNotFoundException missing = new FileNotFoundException(where + ": " + name + " does not exist");
            throw missing;
        }
        if (status == 403) {
            throw new ReplicaException(where + ": access denied (403 " + code + ") to " + what + " " + name
                    + ": check account-name and account-key");
        }
        throw new ReplicaException(where + ": cannot " + what + " " + name + ": HTTP " + status
                + (code.isEmpty() ? "" : " " + code) + " from " + settings.serviceUrl());
    }

    /** A failure to reach the service at all. */
    ReplicaException unreachable(IOException e) {
        String endpoint = settings.serviceUrl();
        String reason = e instanceof ConnectException ? "connection refused"
                : e instanceof HttpConnectTimeoutException ? "connection timed out"
                : e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException ? "unknown host"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ReplicaException("cannot reach endpoint " + endpoint + ": " + reason + ": check "
                + (settings.endpoint().isPresent() ? "'endpoint'" : "account-name and the network"), e);
    }
}

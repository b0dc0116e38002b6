package dev.replicator.replica.abs;

import dev.replicator.config.AbsSettings;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The replica's operations as Blob service requests: retried (three attempts) on a dropped connection or a 5xx, never
 * on a refused connection or a 4xx; failures become one-line messages.
 */
final class BlobRequests {

    /** Objects up to this size are one Put Blob; larger ones go up in blocks of this size, one in memory at a time. */
    static final int BLOCK_SIZE = 4 * 1024 * 1024;
    private static final int ATTEMPTS = 3;

    private final BlobApi api;
    private final BlobErrors errors;

    BlobRequests(AbsSettings settings) {
        this.api = new BlobApi(settings);
        this.errors = new BlobErrors(settings);
    }

    interface Request {
        HttpResponse<InputStream> send() throws IOException;
    }

    /** Uploads {@code in} to blob {@code name} and returns its size, after the service committed it. */
    long upload(String name, InputStream in) throws IOException {
        byte[] block = in.readNBytes(BLOCK_SIZE);
        if (block.length < BLOCK_SIZE) {
            byte[] whole = block;
            call("write", name, () -> api.putBlob(name, whole)).body().close();
            return whole.length;
        }
        List<String> ids = new ArrayList<>();
        long size = 0;
        while (block.length > 0) {
            String id = Base64.getEncoder().encodeToString(String.format("block-%08d", ids.size())
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] content = block;
            call("write", name, () -> api.putBlock(name, id, content)).body().close();
            ids.add(id);
            size += block.length;
            block = in.readNBytes(BLOCK_SIZE);
        }
        call("write", name, () -> api.putBlockList(name, ids)).body().close();
        return size;
    }

    InputStream open(String name) throws IOException {
        return call("read", name, () -> api.get(name, 0, Optional.empty())).body();
    }

    /** Deletes a blob; one that is already gone is fine. */
    void delete(String name) throws IOException {
        try {
            call("delete", name, () -> api.delete(name)).body().close();
        } catch (FileNotFoundException e) {
            // already gone
        }
    }

    /** Every blob whose name starts with {@code prefix}. */
    List<BlobListing.Blob> blobs(String prefix) throws IOException {
        List<BlobListing.Blob> blobs = new ArrayList<>();
        String marker = "";
        do {
            String from = marker;
            BlobListing page = BlobListing.parse(call("list", prefix, () -> api.list(prefix, "", from)).body());
            blobs.addAll(page.blobs());
            marker = page.nextMarker();
        } while (!marker.isEmpty());
        return blobs;
    }

    /** The "folders" right below {@code prefix} (ending in '/'), as full prefixes ending in '/'. */
    List<String> prefixes(String prefix) throws IOException {
        List<String> prefixes = new ArrayList<>();
        String marker = "";
        do {
            String from = marker;
            BlobListing page = BlobListing.parse(call("list", prefix, () -> api.list(prefix, "/", from)).body());
            prefixes.addAll(page.prefixes());
            marker = page.nextMarker();
        } while (!marker.isEmpty());
        return prefixes;
    }

    private HttpResponse<InputStream> call(String what, String name, Request request) throws IOException {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response;
            try {
                response = request.send();
            } catch (ConnectException | HttpConnectTimeoutException | UnknownHostException e) {
                throw errors.unreachable(e);
            } catch (IOException e) {
                if (attempt >= ATTEMPTS) {
                    throw errors.unreachable(e);
                }
                pause(attempt);
                continue;
            }
            if (response.statusCode() >= 500 && attempt < ATTEMPTS) {
                response.body().close();
                pause(attempt);
                continue;
            }
            return errors.check(response, what, name);
        }
    }

    private static void pause(int attempt) throws IOException {
        try {
            Thread.sleep(200L * attempt * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while retrying a Blob service request", e);
        }
    }
}

package dev.replicator.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.replicator.testing.S3ProxyServer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The one S3 server of a bench run: S3Proxy keeping objects in a directory, the {@link CountingProxy} in front of it
 * (the tools' endpoint), a {@link ReplicaWatcher} it feeds, and a direct client for the bench's own uncounted reads.
 */
public final class S3Stack implements AutoCloseable {

    private final Path basedir;
    private final S3ProxyServer server;
    private final S3Client direct;
    private final RequestCounter counter;
    private final ReplicaWatcher watcher;
    private final CountingProxy proxy;

    private S3Stack(Path basedir, int pageSize) throws IOException {
        this.basedir = basedir;
        Files.createDirectories(basedir);
        this.server = S3ProxyServer.start(basedir);
        this.direct = server.newClient();
        this.counter = new RequestCounter(basedir.resolveSibling("requests.log"));
        this.watcher = new ReplicaWatcher(direct, pageSize);
        this.proxy = CountingProxy.start(server.endpoint(), counter, watcher);
    }

    public static S3Stack start(Path basedir, int pageSize) throws IOException {
        return new S3Stack(basedir, pageSize);
    }

    /** Where the tools replicate to: through the counting proxy. */
    public URI countedEndpoint() {
        return proxy.endpoint();
    }

    /** The server itself, for restores and the bench's own reads. */
    public URI directEndpoint() {
        return server.endpoint();
    }

    public RequestCounter counter() {
        return counter;
    }

    public ReplicaWatcher watcher() {
        return watcher;
    }

    public void createBucket(String bucket) {
        server.createBucket(bucket);
    }

    /** Waits until {@code count} keys of the bucket match; false on timeout. */
    public boolean awaitKeys(String bucket, Predicate<String> match, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long found = direct.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                    .map(S3Object::key).filter(match).count();
            if (found >= count) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** Removes a bucket's objects from disk (S3Proxy's filesystem store keeps a bucket as a directory). */
    public void deleteBucket(String bucket) throws IOException {
        Path dir = basedir.resolve(bucket);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        proxy.close();
        counter.close();
        watcher.close();
        direct.close();
        server.close();
    }
}

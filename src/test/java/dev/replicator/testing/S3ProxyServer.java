package dev.replicator.testing;


import dev.replicator.config.S3Settings;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 endpoint for tests: S3Proxy in this JVM, plain HTTP on 127.0.0.1 at a free port, SigV4 with
 * {@link #ACCESS_KEY}/{@link #SECRET_KEY}, objects in memory (or in a directory, see {@link #start(Path)}).
 *
 * <pre>
 * try (S3ProxyServer s3 = S3ProxyServer.start()) {
 *     ReplicaClient client = new S3ReplicaClient(s3.location(s3.createBucket(), "db"));
 * }
 *
 * &#64;RegisterExtension static final S3ProxyServer S3 = S3ProxyServer.perClass();  // started once per test class
 * </pre>
 * Clients must use path-style addressing ({@code force-path-style: true}).
 */
public final class S3ProxyServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final String ACCESS_KEY = "replicator-test-key";
    public static final String SECRET_KEY = "replicator-test-secret-0123456789";
    public static final String REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final Path basedir;
    private final int port;
    private Path tlsKeyStore;
    private String tlsPassword;
    private BlobStore store;
    private S3Proxy proxy;
    private URI endpoint;

    private S3ProxyServer(Path basedir) {
        this(basedir, 0);
    }

    private S3ProxyServer(Path basedir, int port) {
        this.basedir = basedir;
        this.port = port;
    }

    /** Starts a server that keeps objects in memory. */
    public static S3ProxyServer start() {
        return new S3ProxyServer(null).startNow();
    }

    /** Starts a server that keeps objects as files under {@code basedir} (one directory per bucket). */
    public static S3ProxyServer start(Path basedir) {
        return new S3ProxyServer(basedir).startNow();
    }

    /**
     * Starts a server on {@code port} that keeps objects under {@code basedir}: stopping it and starting another on
     * the same port and directory simulates an outage of the same storage.
     */
    public static S3ProxyServer start(Path basedir, int port) {
        return new S3ProxyServer(basedir, port).startNow();
    }

    /** Starts an in-memory server that speaks only HTTPS, with the key and certificate chain in {@code keyStore}. */
    public static S3ProxyServer startTls(Path keyStore, String password) {
        S3ProxyServer server = new S3ProxyServer(null);
        server.tlsKeyStore = keyStore;
        server.tlsPassword = password;
        return server.startNow();
    }

    /** An in-memory server for {@code @RegisterExtension static}: starts before the class's tests, stops after. */
    public static S3ProxyServer perClass() {
        return new S3ProxyServer(null);
    }

    public URI endpoint() {
        requireRunning();
        return endpoint;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    /** The environment that gives a replicator process this server's credentials. */
    public Map<String, String> credentialsEnv() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    public void createBucket(String name) {
        requireRunning();
        store.createContainer(name);
    }

    /** Creates a bucket with a fresh name and returns the name. */
    public String createBucket() {
        String name = "bucket-" + BUCKETS.incrementAndGet();
        createBucket(name);
        return name;
    }

    /** Where a replica client should point to use {@code bucket} on this server. */
    public S3Settings location(String bucket, String prefix) {
        return new S3Settings(bucket, prefix, Optional.of(endpoint().toString()), Optional.of(REGION), true, false,
                Optional.of(ACCESS_KEY), Optional.of(SECRET_KEY));
    }

    /** Stores an object directly in the blob store, skipping HTTP: fast for setting up many objects. */
    public void putObject(String bucket, String key, byte[] content) {
        requireRunning();
        store.putBlob(PutObjectRequest.builder().bucket(bucket).key(key).contentLength((long) content.length).build(),
                new ByteArrayInputStream(content));
    }

    /**
     * The keys in {@code bucket} (the first 1,000), read from the blob store directly, skipping HTTP: works for a TLS
     * server too, whose certificate a test's client would not trust.
     */
    public List<String> keys(String bucket) {
        requireRunning();
        return store.list(bucket).contents().stream().map(S3Object::key).toList();
    }

    /** A new path-style client for this server; the caller closes it. */
    public S3Client newClient() {
        return newClient(endpoint);
    }

    /** A new path-style client for this server reached through a proxy at {@code via}; the caller closes it. */
    public S3Client newClient(URI via) {
        requireRunning();
        return S3Client.builder()
                .endpointOverride(via)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startNow();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public synchronized void close() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy at " + endpoint, e);
        } finally {
            store.close();
            proxy = null;
            store = null;
        }
    }

    private synchronized S3ProxyServer startNow() {
        if (proxy != null) {
            throw new IllegalStateException("S3Proxy already running at " + endpoint);
        }
        store = basedir == null ? new TransientNio2BlobStore() : new FilesystemNio2BlobStore(basedir.toString());
        S3Proxy.Builder builder = S3Proxy.builder()
                .blobStore(store)
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY);
        if (tlsKeyStore == null) {
            builder.endpoint(URI.create("http://127.0.0.1:" + port));
        } else {
            builder.secureEndpoint(URI.create("https://127.0.0.1:" + port)).keyStore(tlsKeyStore.toString(),
                    tlsPassword);
        }
        proxy = builder.build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start within " + START_TIMEOUT);
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot start S3Proxy: " + e.getMessage(), e);
        }
        endpoint = tlsKeyStore == null ? URI.create("http://127.0.0.1:" + proxy.getPort())
                : URI.create("https://127.0.0.1:" + proxy.getSecurePort());
        return this;
    }

    private void requireRunning() {
        if (proxy == null) {
            throw new IllegalStateException("S3Proxy is not running: call S3ProxyServer.start() or register it"
                    + " with @RegisterExtension static");
        }
    }
}

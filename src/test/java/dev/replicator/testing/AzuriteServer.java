package dev.replicator.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Azurite's blob service (npm, under .tools/azurite) on a loopback port, with the emulator's well-known account.
 * A missing Azurite fails the test with the install command, never skips it.
 */
public final class AzuriteServer implements AutoCloseable {

    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final int port;

    private AzuriteServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static AzuriteServer start(Path dir) throws IOException, InterruptedException {
        Path bin = ProjectRoot.get().resolve(".tools/azurite/node_modules/.bin/azurite-blob");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException(bin + " not found: run .ci/install-test-tools (npm install azurite)");
        }
        int port = Ports.freePort();
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
                "--location", dir.toString(), "--skipApiVersionCheck", "--silent")
                .redirectErrorStream(true).redirectOutput(dir.resolve("azurite.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new AzuriteServer(p, port);
            } catch (IOException e) {
                if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                    p.destroy();
                    throw new IllegalStateException("azurite did not start: "
                            + Files.readString(dir.resolve("azurite.log")));
                }
                Thread.sleep(100);
            }
        }
    }

    /** The service URL, path-style as the emulator wants it. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** Creates a container with a Shared Key signed Create Container request. */
    public void createContainer(String name) throws Exception {
        String date = java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
                java.util.Locale.US).format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
        String toSign = "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:" + date + "\nx-ms-version:2021-08-06\n/" + ACCOUNT + "/"
                + ACCOUNT + "/" + name + "\nrestype:container";
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(KEY), "HmacSHA256"));
        String signature = java.util.Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint() + "/"
                        + name + "?restype=container")).PUT(java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("x-ms-date", date).header("x-ms-version", "2021-08-06")
                .header("Authorization", "SharedKey " + ACCOUNT + ":" + signature).build();
        int status = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 201) {
            throw new IllegalStateException("Azurite refused to create container " + name + ": HTTP " + status);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}

package dev.replicator.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A certificate authority made for one test with the JDK's keytool: a server key store for 127.0.0.1 and localhost
 * signed by it, and a trust store holding only the CA's certificate.
 */
public record TestCa(Path serverKeyStore, Path trustStore, Path caCertificate, String password) {

    public static TestCa create(Path dir) {
        String pw = "test-password";
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        Path csr = dir.resolve("server.csr");
        Path crt = dir.resolve("server.crt");
        Path caCrt = dir.resolve("ca.crt");
        Path trust = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=replicator test CA", "-ext", "bc:c",
                "-validity", "2", "-keystore", ca.toString(), "-storepass", pw);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", pw,
                "-file", caCrt.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-keystore", server.toString(), "-storepass", pw);
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-storepass", pw,
                "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", pw, "-validity", "2",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-infile", csr.toString(), "-outfile", crt.toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCrt.toString(), "-keystore", server.toString(),
                "-storepass", pw);
        keytool("-importcert", "-alias", "server", "-file", crt.toString(), "-keystore", server.toString(),
                "-storepass", pw);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCrt.toString(), "-keystore", trust.toString(),
                "-storepass", pw);
        return new TestCa(server, trust, caCrt, pw);
    }

    /** JVM options that make {@link #trustStore()} the only trust store. */
    public List<String> trustStoreOptions() {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + password);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        ProcessResult r = ManagedProcess.run("keytool", Duration.ofSeconds(60), command, Map.of());
        if (r.exitCode() != 0) {
            throw new AssertionError("keytool " + String.join(" ", args) + " failed: " + r.describe());
        }
    }
}

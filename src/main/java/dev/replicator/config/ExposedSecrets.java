package dev.replicator.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Warns when a file holding a secret key can be read by other users of the machine. Never prints the secret. */
final class ExposedSecrets {

    private static final Logger log = LoggerFactory.getLogger(ExposedSecrets.class);
    // A whole age identity: "AGE-SECRET-KEY-1" and 58 bech32 characters (so "AGE-SECRET-KEY-1..." in a comment is not one).
    private static final Pattern AGE_IDENTITY = Pattern.compile("AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}");
    private static final Pattern S3_SECRET = Pattern.compile("(?m)^[\\s-]*secret-access-key:[ \\t]*[\"']?(?![\"'$\\s#])");

    private ExposedSecrets() {
    }

    /** The literal secrets {@code configText} holds (before ${VAR} expansion), by kind; empty if none. */
    static List<String> secretsIn(String configText) {
        List<String> kinds = new ArrayList<>();
        if (AGE_IDENTITY.matcher(configText).find()) {
            kinds.add("an age identity");
        }
        if (S3_SECRET.matcher(configText).find()) {
            kinds.add("a secret-access-key");
        }
        return kinds;
    }

    /** The file's permissions as {@code rw-r--r--} if users other than its owner and group may read it. */
    static Optional<String> readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.OTHERS_READ)
                    ? Optional.of(PosixFilePermissions.toString(permissions)) : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    static Optional<String> configExposed(Path config, String text) {
        List<String> kinds = secretsIn(text);
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        return readableByOthers(config).map(mode -> "config file " + config + " holds " + String.join(" and ", kinds)
                + " and every user can read it (" + mode + "): run chmod o-r " + config + ", or move the secret to "
                + "an environment variable (${VAR}) or an age identity-file");
    }

    static void warnIfOthersCanRead(Path file, String what) {
        readableByOthers(file).ifPresent(mode -> log.warn("{} {} can be read by every user ({}): run chmod 600 {}",
                what, file, mode, file));
    }
}

package dev.replicator.check;

import dev.replicator.replica.AccessProbe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/** Lists the replica root, then puts, reads back and deletes a probe object under it, stopping at the first failure. */
public final class AccessCheck {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AccessCheck() {
    }

    public static CheckResult run(String db, String replica, AccessProbe probe) {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        String name = ".replicator-check-" + HexFormat.of().formatHex(id);
        byte[] content = ("replicator check " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
        String step = "list";
        boolean stored = false;
        try {
            probe.list();
            step = "put";
            probe.put(name, content);
            stored = true;
            step = "get";
            byte[] back = probe.get(name);
            if (!Arrays.equals(back, content)) {
                return fail(db, replica, probe, "get " + probe.objectUrl(name) + " returned " + back.length
                        + " bytes that differ from the " + content.length + " written: the endpoint does not behave "
                        + "like S3; check 'endpoint'" + cleanUp(probe, name));
            }
            step = "delete";
            probe.delete(name);
            stored = false;
            return new CheckResult(db, replica, probe.location(), true, "list, put, get and delete work (probe "
                    + probe.objectUrl(name) + " removed)");
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            String leftover = !stored ? "" : step.equals("delete")
                    ? "; the probe " + probe.objectUrl(name) + " was left behind, delete it by hand"
                    : cleanUp(probe, name);
            return fail(db, replica, probe, step + " failed: " + message + leftover);
        }
    }

    /** Deletes the probe after a failure; says so if that fails too. */
    private static String cleanUp(AccessProbe probe, String name) {
        try {
            probe.delete(name);
            return "";
        } catch (IOException | RuntimeException e) {
            return "; the probe " + probe.objectUrl(name) + " was left behind, delete it by hand";
        }
    }

    private static CheckResult fail(String db, String replica, AccessProbe probe, String message) {
        return new CheckResult(db, replica, probe.location(), false, message);
    }
}

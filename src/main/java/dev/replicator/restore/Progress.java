package dev.replicator.restore;

import java.io.PrintStream;

/** A one-line progress report on a terminal, shown only for restores that take more than a couple of seconds. */
public final class Progress {

    private static final long QUIET_NANOS = 2_000_000_000L;

    private final PrintStream out;
    private final long start = System.nanoTime();
    private long totalBytes;
    private long totalSegments;
    private long bytes;
    private long segments;
    private long lastPrint;
    private boolean printed;

    private Progress(PrintStream out) {
        this.out = out;
    }

    /** Reports to stderr if it is a terminal; otherwise stays silent. */
    public static Progress forConsole() {
        return new Progress(System.console() != null ? System.err : null);
    }

    public static Progress silent() {
        return new Progress(null);
    }

    void plan(RestorePlan plan) {
        totalBytes = plan.compressedBytes();
        totalSegments = plan.segmentCount();
    }

    void advance(long compressedBytes, int segmentsDone) {
        bytes += compressedBytes;
        segments += segmentsDone;
        long now = System.nanoTime();
        if (out != null && now - start > QUIET_NANOS && now - lastPrint > 200_000_000L) {
            lastPrint = now;
            printed = true;
            out.printf("\rrestoring: %d/%d WAL segments, %d/%d MB compressed", segments, totalSegments,
                    bytes >> 20, totalBytes >> 20);
            out.flush();
        }
    }

    void done() {
        if (printed) {
            out.println();
        }
    }
}

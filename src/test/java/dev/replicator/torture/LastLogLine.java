package dev.replicator.torture;

import java.util.List;

/** What a killed replicator was last seen doing, from the last line of its log, as a short category. */
final class LastLogLine {

    private static final List<String[]> CATEGORIES = List.of(
            new String[] {"snapshot written", "a snapshot upload finished"},
            new String[] {"wal segment written", "a WAL segment upload finished"},
            new String[] {"wrote s3://", "an S3 PUT finished"},
            new String[] {"checkpoint at", "a checkpoint finished"},
            new String[] {"new generation", "a new generation started"},
            new String[] {"resuming generation", "the generation was resumed"},
            new String[] {"starting at", "the replica was listed"},
            new String[] {"replicating db=", "start-up finished"},
            new String[] {"failed", "an operation failed"});

    private LastLogLine() {
    }

    static String of(String log) {
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            return "nothing logged yet";
        }
        String last = lines.get(lines.size() - 1);
        for (String[] c : CATEGORIES) {
            if (last.contains(c[0])) {
                return c[1];
            }
        }
        String shape = last.replaceFirst("^\\S+ +\\S+ +", "").replaceAll("[0-9a-f]{16}", "G")
                .replaceAll("\\d+", "N");
        return "other: " + (shape.length() > 70 ? shape.substring(0, 70) : shape);
    }
}

package dev.replicator.torture;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Counts of what a crash harness run did, to print and to check that it did what it claims. */
final class TrialStats {

    private final Map<KillMoment, int[]> moments = new EnumMap<>(KillMoment.class);
    private final Map<String, Integer> lastLines = new TreeMap<>();
    private int trials;
    private int writerKills;
    private int appClosedLast;
    private int restoreChecks;
    private int rounds;
    private long finalTransactions;

    synchronized void trial(KillMoment moment, boolean hit, String lastLogLine) {
        trials++;
        int[] counts = moments.computeIfAbsent(moment, m -> new int[2]);
        counts[0]++;
        if (hit) {
            counts[1]++;
        }
        lastLines.merge(lastLogLine, 1, Integer::sum);
    }

    synchronized void writerKilled() {
        writerKills++;
    }

    synchronized void appClosedLast() {
        appClosedLast++;
    }

    synchronized void restoreChecked() {
        restoreChecks++;
    }

    synchronized void roundDone(int transactions) {
        rounds++;
        finalTransactions += transactions;
    }

    synchronized int trials() {
        return trials;
    }

    synchronized int writerKills() {
        return writerKills;
    }

    synchronized int restoreChecks() {
        return restoreChecks;
    }

    /** Trials of {@code moment} that reached it (a held upload, a logged checkpoint), out of those that tried. */
    synchronized int[] moment(KillMoment moment) {
        return moments.getOrDefault(moment, new int[2]).clone();
    }

    synchronized String summary() {
        StringBuilder b = new StringBuilder();
        b.append(trials).append(" SIGKILLs of replicate in ").append(rounds).append(" rounds; ")
                .append(writerKills).append(" app kills mid big transaction; ").append(appClosedLast)
                .append(" times the app closed the database last; ").append(restoreChecks)
                .append(" restores checked between kills; ").append(finalTransactions)
                .append(" transactions restored at the final clean stops\n");
        b.append("kill moments (reached/tried):");
        moments.forEach((m, c) -> b.append(' ').append(m).append('=').append(c[1]).append('/').append(c[0]));
        b.append("\nlast log line before each kill:");
        lastLines.forEach((line, n) -> b.append("\n  ").append(n).append(" x ").append(line));
        return b.toString();
    }
}

package dev.replicator.retention;

import dev.replicator.SnapshotInfo;
import dev.replicator.config.RetentionKeep;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/** Picks the snapshots a {@link RetentionKeep} keeps. Pure; the same rule as restic's {@code forget}. */
public final class GfsSelector {

    /** Newest first; ties (same time) broken by generation and index so the choice is stable. */
    static final Comparator<SnapshotInfo> NEWEST_FIRST = Comparator.comparing(SnapshotInfo::createdAt)
            .thenComparing(SnapshotInfo::generation).thenComparingLong(SnapshotInfo::index).reversed();

    private GfsSelector() {
    }

    public static Set<SnapshotInfo> keep(Collection<SnapshotInfo> snapshots, RetentionKeep policy) {
        List<Rule> rules = List.of(
                new Rule(policy.last(), (t, n) -> (long) n),
                new Rule(policy.hourly(), (t, n) -> t.getYear() * 1_000_000L + t.getMonthValue() * 10_000L
                        + t.getDayOfMonth() * 100L + t.getHour()),
                new Rule(policy.daily(), (t, n) -> t.getYear() * 10_000L + t.getMonthValue() * 100L
                        + t.getDayOfMonth()),
                new Rule(policy.weekly(), (t, n) -> t.get(IsoFields.WEEK_BASED_YEAR) * 100L
                        + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                new Rule(policy.monthly(), (t, n) -> t.getYear() * 100L + t.getMonthValue()));
        Set<SnapshotInfo> kept = new LinkedHashSet<>();
        List<SnapshotInfo> ordered = snapshots.stream().sorted(NEWEST_FIRST).toList();
        for (int n = 0; n < ordered.size(); n++) {
            SnapshotInfo s = ordered.get(n);
            ZonedDateTime time = s.createdAt().atZone(ZoneOffset.UTC);
            for (Rule rule : rules) {
                if (rule.offer(time, n)) {
                    kept.add(s);
                }
            }
        }
        return kept;
    }

    /** One {@code keep-*} count: keeps a snapshot when it opens a new period and periods are left. */
    private static final class Rule {
        private final BiFunction<ZonedDateTime, Integer, Long> period;
        private int left;
        private Long lastPeriod;

        Rule(int count, BiFunction<ZonedDateTime, Integer, Long> period) {
            this.left = count;
            this.period = period;
        }

        boolean offer(ZonedDateTime time, int ordinal) {
            if (left == 0) {
                return false;
            }
            Long p = period.apply(time, ordinal);
            if (Objects.equals(p, lastPeriod)) {
                return false;
            }
            lastPeriod = p;
            left--;
            return true;
        }
    }
}

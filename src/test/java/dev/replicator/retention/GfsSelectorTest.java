package dev.replicator.retention;

import dev.replicator.SnapshotInfo;
import dev.replicator.config.RetentionKeep;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class GfsSelectorTest {

    static final String GEN = "0123456789abcdef";

    @Test
    void keepsTheNewestSnapshotOfEachRecentPeriod() {
        List<SnapshotInfo> daily = new ArrayList<>();
        LocalDate first = LocalDate.parse("2026-01-01");
        for (int day = 0; day < 74; day++) { // 2026-01-01 .. 2026-03-15 (a Sunday), one a day at 01:00
            daily.add(snapshot(day, first.plusDays(day).atTime(1, 0).toInstant(ZoneOffset.UTC)));
        }

        Set<SnapshotInfo> kept = GfsSelector.keep(daily, new RetentionKeep(1, 0, 3, 2, 3));

        assertThat(days(kept)).containsExactlyInAnyOrder("2026-01-31", "2026-02-28", "2026-03-08", "2026-03-13",
                "2026-03-14", "2026-03-15");
    }

    @Test
    void nothingWithoutCounts() {
        assertThat(GfsSelector.keep(List.of(snapshot(0, Instant.EPOCH)), RetentionKeep.NONE)).isEmpty();
    }

    @Test
    void sixMonthsOfIrregularSnapshotsMatchThePolicyExactly() {
        Random random = new Random(42);
        List<SnapshotInfo> snapshots = new ArrayList<>();
        Instant t = Instant.parse("2025-09-28T22:17:00Z");
        Instant end = Instant.parse("2026-03-31T12:00:00Z");
        for (int i = 0; t.isBefore(end); i++) {
            snapshots.add(snapshot(i, t));
            // mostly hourly, sometimes minutes apart, sometimes a gap of days
            long minutes = random.nextInt(10) == 0 ? random.nextInt(5 * 24 * 60) : 30 + random.nextInt(60);
            t = t.plus(Duration.ofMinutes(minutes));
        }
        RetentionKeep policy = new RetentionKeep(5, 24, 10, 8, 6);

        Set<SnapshotInfo> kept = GfsSelector.keep(snapshots, policy);

        Set<SnapshotInfo> expected = new HashSet<>();
        expected.addAll(newestOfLatestPeriods(snapshots, policy.hourly(),
                z -> z.withMinute(0).withSecond(0).withNano(0)));
        expected.addAll(newestOfLatestPeriods(snapshots, policy.daily(), z -> z.toLocalDate()));
        expected.addAll(newestOfLatestPeriods(snapshots, policy.weekly(),
                z -> z.get(IsoFields.WEEK_BASED_YEAR) + "-W" + z.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
        expected.addAll(newestOfLatestPeriods(snapshots, policy.monthly(), z -> z.getYear() + "-" + z.getMonthValue()));
        snapshots.stream().sorted(Comparator.comparing(SnapshotInfo::createdAt).reversed()).limit(policy.last())
                .forEach(expected::add);
        assertThat(kept).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(kept).hasSizeBetween(20, 53);
        assertThat(months(kept)).containsExactly("2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03");
    }

    /** The restic rule stated the other way round: group by period, newest of each, the {@code n} latest periods. */
    private static List<SnapshotInfo> newestOfLatestPeriods(List<SnapshotInfo> snapshots, int n,
                                                            Function<ZonedDateTime, Object> period) {
        Map<Object, SnapshotInfo> newest = new HashMap<>();
        for (SnapshotInfo s : snapshots) {
            newest.merge(period.apply(s.createdAt().atZone(ZoneOffset.UTC)), s,
                    (a, b) -> a.createdAt().isAfter(b.createdAt()) ? a : b);
        }
        return newest.values().stream().sorted(Comparator.comparing(SnapshotInfo::createdAt).reversed())
                .limit(n).toList();
    }

    static SnapshotInfo snapshot(long index, Instant at) {
        return new SnapshotInfo(GEN, index, 1, at);
    }

    private static List<String> days(Set<SnapshotInfo> kept) {
        return kept.stream().map(s -> s.createdAt().atZone(ZoneOffset.UTC).toLocalDate().toString()).toList();
    }

    private static Set<String> months(Set<SnapshotInfo> kept) {
        Set<String> out = new java.util.TreeSet<>();
        kept.forEach(s -> out.add(s.createdAt().toString().substring(0, 7)));
        return out;
    }
}

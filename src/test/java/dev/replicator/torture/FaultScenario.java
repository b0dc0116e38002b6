package dev.replicator.torture;

import java.time.Duration;
import java.util.function.LongFunction;

/**
 * One storage-fault scenario: the faults the proxy injects while the app writes, and what else happens meanwhile.
 *
 * @param plan              the faults, from a seed
 * @param outage            a full outage (every connection reset) of this length in the middle, or zero
 * @param restart           replication is stopped and started again while the faults last (listings and the
 *                          resume read of the last segment go through the faults)
 * @param faultyRestore     the faults hit the restore at the end, not replication
 * @param faultyShutdown    the faults last through the final sync and upload
 * @param bigDatabase       the database starts at about 12 MiB, so the snapshot is a multipart upload, and the
 *                          faults start before replication does
 */
record FaultScenario(String name, LongFunction<FaultPlan> plan, Duration outage, boolean restart,
                     boolean faultyRestore, boolean faultyShutdown, boolean bigDatabase) {

    static FaultScenario of(String name, LongFunction<FaultPlan> plan) {
        return new FaultScenario(name, plan, Duration.ZERO, false, false, false, false);
    }

    static FaultScenario outage(String name, Duration outage) {
        return new FaultScenario(name, seed -> FaultPlan.PASS, outage, false, false, false, false);
    }

    FaultScenario withRestart() {
        return new FaultScenario(name, plan, outage, true, faultyRestore, faultyShutdown, bigDatabase);
    }

    FaultScenario withFaultyRestore() {
        return new FaultScenario(name, plan, outage, restart, true, faultyShutdown, bigDatabase);
    }

    FaultScenario withFaultyShutdown() {
        return new FaultScenario(name, plan, outage, restart, faultyRestore, true, bigDatabase);
    }

    FaultScenario withBigDatabase() {
        return new FaultScenario(name, plan, outage, restart, faultyRestore, faultyShutdown, true);
    }

    @Override
    public String toString() {
        return name;
    }
}

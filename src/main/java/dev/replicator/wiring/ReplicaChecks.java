package dev.replicator.wiring;

import dev.replicator.check.AccessCheck;
import dev.replicator.check.AgeKeyCheck;
import dev.replicator.check.CheckResult;
import dev.replicator.config.AgeConfig;
import dev.replicator.config.DbConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.replica.AccessProbe;
import dev.replicator.replica.Codec;

import java.io.IOException;

/** {@code replicator check} of one configured replica: its storage's permissions, then its age keys. */
public final class ReplicaChecks {

    private ReplicaChecks() {
    }

    public static CheckResult run(DbConfig db, ReplicaConfig r) throws IOException {
        CheckResult result;
        try (AccessProbe probe = ReplicaProbes.create(r)) {
            result = AccessCheck.run(db.path().toString(), r.name(), probe);
        }
        AgeConfig age = r.age();
        if (!age.identities().isEmpty() || age.encrypts()) {
            Codec codec = ReplicaCodecs.create(r);
            result = result.and(AgeKeyCheck.of(age.recipients(), age.identities().size(),
                    codec.recipientsWithoutIdentity()));
        }
        return result;
    }
}

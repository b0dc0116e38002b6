package dev.replicator.cli;

import dev.replicator.check.CheckResult;
import dev.replicator.config.Config;
import dev.replicator.config.DbConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.wiring.ReplicaChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code replicator check}: can every replica's storage be reached, and does it allow what replicator does? */
@Command(name = "check", description = "Check every replica's endpoint, credentials and permissions (list, put, get "
        + "and delete of a probe object under the replica path, removed afterwards), and that the age identities "
        + "decrypt what the recipients encrypt; one line per replica.")
final class CheckCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        Config config = common.loadConfig();
        boolean ok = true;
        List<DbConfig> entries = new ArrayList<>(config.dbs());
        config.dirs().forEach(d -> entries.add(d.template())); // a dir's databases share its replicas' storage
        for (DbConfig db : entries) {
            for (ReplicaConfig r : db.replicas()) {
                CheckResult result = ReplicaChecks.run(db, r);
                System.out.println(result.line());
                ok &= result.ok();
            }
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}

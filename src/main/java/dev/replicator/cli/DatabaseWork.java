package dev.replicator.cli;

import dev.replicator.config.Config;
import dev.replicator.config.DbConfig;
import dev.replicator.control.Request;
import dev.replicator.control.Response;
import dev.replicator.replicate.DatabasePlan;
import dev.replicator.replicate.RequestRunner;
import dev.replicator.wiring.Plans;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** What {@code snapshot} and {@code verify} share: pick the databases, get the work done, print one line a replica. */
final class DatabaseWork {

    private DatabaseWork() {
    }

    static int run(CommonOptions common, List<String> paths, Request.Kind kind, List<String> replicas,
                   Duration timeout) throws IOException, InterruptedException {
        Config config = common.loadConfig();
        if (!Verbosity.isVerbose()) {
            Verbosity.setLevel(config.logging().level().name());
        }
        List<DbConfig> dbs = Selection.databases(config, paths, common);
        replicas.forEach(name -> Selection.requireReplica(dbs, name));
        boolean ok = true;
        for (DbConfig db : dbs) {
            DatabasePlan plan = Plans.of(db);
            Response response = RequestRunner.run(plan, kind, replicas, timeout, Verbosity.isVerbose());
            response.lines().forEach(System.out::println);
            ok &= response.ok();
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}

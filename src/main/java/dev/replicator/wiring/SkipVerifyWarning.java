package dev.replicator.wiring;

import dev.replicator.Names;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.config.S3Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One warning per replica whose storage's TLS certificate is not checked, however many clients are built for it. */
final class SkipVerifyWarning {

    private static final Logger log = LoggerFactory.getLogger(SkipVerifyWarning.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private SkipVerifyWarning() {
    }

    static void ifSkipped(ReplicaConfig config) {
        if (config.s3().map(S3Settings::skipVerify).orElse(false) && WARNED.add(config.name() + " " + config.describe())) {
            log.warn("replica={} ({}): skip-verify is on, so the storage's TLS certificate is not checked and anyone "
                    + "on the network path can read and change what is stored; trust its CA instead (README, "
                    + "Security)", Names.quoted(config.name()), config.describe());
        }
    }
}

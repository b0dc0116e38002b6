package dev.replicator.torture;


import dev.replicator.config.S3Settings;
import java.net.URI;
import java.util.Optional;

/** The same bucket and prefix reached through another endpoint (the fault proxy). */
final class S3Locations {

    private S3Locations() {
    }

    static S3Settings at(URI endpoint, S3Settings location) {
        return new S3Settings(location.bucket(), location.prefix(), Optional.of(endpoint.toString()),
                location.region(), true, false, location.accessKeyId(), location.secretAccessKey());
    }
}

package dev.replicator.torture;

import dev.replicator.replica.s3.S3Location;

import java.net.URI;
import java.util.Optional;

/** The same bucket and prefix reached through another endpoint (the fault proxy). */
final class S3Locations {

    private S3Locations() {
    }

    static S3Location at(URI endpoint, S3Location location) {
        return new S3Location(location.bucket(), location.prefix(), Optional.of(endpoint.toString()),
                location.region(), true, location.accessKeyId(), location.secretAccessKey());
    }
}

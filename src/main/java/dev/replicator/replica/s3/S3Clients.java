package dev.replicator.replica.s3;

import dev.replicator.config.S3Settings;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.utils.AttributeMap;

/** Builds the SDK client for a location: URL-connection HTTP, bounded timeouts, standard retries. */
final class S3Clients {

    private S3Clients() {
    }

    static S3Client create(S3Settings location, S3Tuning tuning) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(new HttpClientBuilder(tuning, location.skipVerify()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(retryStrategy(tuning))
                        .build())
                .credentialsProvider(credentials(location))
                .forcePathStyle(location.forcePathStyle())
                // S3-compatible stores often reject the SDK's newer default checksum headers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (location.endpoint().isPresent()) {
            builder.endpointOverride(URI.create(location.endpoint().get()))
                    .region(Region.of(location.region().orElse(S3Settings.DEFAULT_REGION)));
        } else if (location.region().isPresent()) {
            builder.region(Region.of(location.region().get()));
        } else {
            // no region configured: follow the bucket's redirect to its real region
            builder.region(defaultRegion()).crossRegionAccessEnabled(true);
        }
        return builder.build();
    }

    /** The URL-connection client; with skip-verify it trusts any certificate for any host, as Litestream does. */
    private record HttpClientBuilder(S3Tuning tuning, boolean skipVerify) implements SdkHttpClient.Builder<HttpClientBuilder> {
        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            AttributeMap defaults = skipVerify ? AttributeMap.builder()
                    .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build().merge(serviceDefaults)
                    : serviceDefaults;
            return UrlConnectionHttpClient.builder()
                    .connectionTimeout(tuning.connectTimeout())
                    .socketTimeout(tuning.socketTimeout())
                    .buildWithDefaults(defaults);
        }
    }

    static RetryStrategy retryStrategy(S3Tuning tuning) {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(tuning.maxAttempts())
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
                .throttlingBackoffStrategy(
                        BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20)))
                .build();
    }

    private static AwsCredentialsProvider credentials(S3Settings location) {
        if (location.accessKeyId().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    location.accessKeyId().get(), location.secretAccessKey().orElseThrow()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static Region defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException e) {
            return Region.of(S3Settings.DEFAULT_REGION);
        }
    }
}

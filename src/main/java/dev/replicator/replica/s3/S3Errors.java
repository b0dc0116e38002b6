package dev.replicator.replica.s3;

import dev.replicator.config.S3Settings;
import dev.replicator.replica.ReplicaException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.SSLException;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns SDK exceptions into one-line {@link ReplicaException}s that name the resource and the fix. */
final class S3Errors {

    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "InvalidClientTokenId");

    private final S3Settings location;
    private final String endpoint;

    S3Errors(S3Settings location) {
        this.location = location;
        this.endpoint = location.endpoint()
                .orElse("https://s3." + location.region().orElse(S3Settings.DEFAULT_REGION) + ".amazonaws.com");
    }

    /** @param url the object or folder the failed request was about, e.g. {@code s3://bucket/path/generations} */
    ReplicaException translate(String url, SdkException e) {
        return new ReplicaException(message(url, e), e);
    }

    /** Per-key failures reported inside a successful DeleteObjects response. */
    ReplicaException deleteFailed(String bucket, List<S3Error> failures) {
        S3Error first = failures.get(0);
        String more = failures.size() > 1 ? " and " + (failures.size() - 1) + " more" : "";
        return new ReplicaException("s3://" + bucket + "/" + first.key() + more + ": delete failed (" + first.code()
                + ": " + oneLine(first.message()) + "): allow s3:DeleteObject for this access key");
    }

    private String message(String url, SdkException e) {
        if (e instanceof S3Exception s3) {
            return serviceMessage(url, s3);
        }
        Throwable cause = rootCauseOfInterest(e);
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return "cannot reach endpoint " + endpoint + ": " + lower(cause.getMessage(), "connection refused")
                    + ": check 'endpoint'";
        }
        if (cause instanceof UnknownHostException) {
            return "cannot reach endpoint " + endpoint + ": unknown host " + cause.getMessage()
                    + ": check 'endpoint' and DNS";
        }
        if (cause instanceof SocketTimeoutException) {
            return "cannot reach endpoint " + endpoint + ": timed out: check 'endpoint' and the network";
        }
        if (cause instanceof SSLException) {
            return "cannot reach endpoint " + endpoint + ": TLS failed (" + oneLine(cause.getMessage())
                    + "): check 'endpoint' (http or https) and its certificate";
        }
        String text = oneLine(e.getMessage());
        if (text.contains("Unable to load credentials")) {
            return location.url() + ": no AWS credentials found: set access-key-id and secret-access-key,"
                    + " or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile";
        }
        return url + ": request failed: " + text;
    }

    private String serviceMessage(String url, S3Exception e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String what = status + (code == null ? "" : " " + code);
        String bucketUrl = "s3://" + location.bucket();
        if ("NoSuchBucket".equals(code)) {
            return location.url() + ": bucket does not exist: create it or fix 'bucket'";
        }
        if (code != null && BAD_CREDENTIALS.contains(code)) {
            return bucketUrl + ": access denied (" + what + "): check access-key-id and secret-access-key";
        }
        if ("AuthorizationHeaderMalformed".equals(code) || "PermanentRedirect".equals(code) || status == 301) {
            return bucketUrl + ": wrong region (" + what + "): set 'region' to the bucket's region";
        }
        if (status == 403) {
            return location.url() + ": access denied (" + what + "): allow s3:ListBucket, s3:GetObject,"
                    + " s3:PutObject and s3:DeleteObject on it for this access key";
        }
        if (status >= 500 || "SlowDown".equals(code)) {
            return url + ": storage error (" + what + ") persisted through retries: try again later";
        }
        String detail = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorMessage();
        return url + ": request failed (" + what + ")" + (detail == null || detail.isBlank() ? "" : ": "
                + oneLine(detail));
    }

    private static Throwable rootCauseOfInterest(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof SocketTimeoutException
                    || t instanceof SSLException) {
                return t;
            }
        }
        return e;
    }

    private static String lower(String message, String fallback) {
        return message == null || message.isBlank() ? fallback : oneLine(message).toLowerCase(Locale.ROOT);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}

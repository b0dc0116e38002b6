package dev.replicator.replica.s3;

import dev.replicator.config.S3Settings;
import dev.replicator.replica.AccessProbe;
import dev.replicator.replica.ReplicaException;

import java.io.IOException;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link AccessProbe} on an S3 location: ListObjectsV2, PutObject, GetObject and DeleteObject under its prefix. */
public final class S3AccessProbe implements AccessProbe {

    private final S3Settings location;
    private final S3Client s3;
    private final S3Errors errors;

    public S3AccessProbe(S3Settings location, S3Tuning tuning) {
        this.location = location;
        this.s3 = S3Clients.create(location, tuning);
        this.errors = new S3Errors(location);
    }

    @Override
    public String location() {
        return location.url();
    }

    @Override
    public String objectUrl(String name) {
        return "s3://" + location.bucket() + "/" + location.key(name);
    }

    @Override
    public void list() throws IOException {
        String prefix = location.prefix().isEmpty() ? "" : location.prefix() + "/";
        try {
            s3.listObjectsV2(b -> b.bucket(location.bucket()).prefix(prefix).maxKeys(1));
        } catch (SdkException e) {
            throw translate(e, "s3://" + location.bucket() + "/" + prefix, "s3:ListBucket on bucket "
                    + location.bucket());
        }
    }

    @Override
    public void put(String name, byte[] content) throws IOException {
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(location.key(name)), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw translate(e, objectUrl(name), "s3:PutObject on " + location.url() + "/*");
        }
    }

    @Override
    public byte[] get(String name) throws IOException {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.key(name))).asByteArray();
        } catch (SdkException e) {
            throw translate(e, objectUrl(name), "s3:GetObject on " + location.url() + "/*");
        }
    }

    @Override
    public void delete(String name) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(location.key(name)));
        } catch (SdkException e) {
            throw translate(e, objectUrl(name), "s3:DeleteObject on " + location.url() + "/*");
        }
    }

    /** A denied request names the permission to grant; anything else reads as everywhere else in replicator. */
    private ReplicaException translate(SdkException e, String url, String permission) {
        if (e instanceof S3Exception s3e && s3e.statusCode() == 403) {
            String code = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode();
            if (code == null || code.equals("AccessDenied")) {
                return new ReplicaException(url + ": access denied (403" + (code == null ? "" : " " + code)
                        + "): allow " + permission + " for this access key", e);
            }
        }
        return errors.translate(url, e);
    }

    @Override
    public void close() {
        s3.close();
    }
}

package dev.replicator.replica.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Uploads a stream of unknown length with memory bounded by one part: a single PUT if it fits in the first part,
 * otherwise a multipart upload that is aborted on any failure, so a failed upload leaves no object.
 */
final class S3Uploader {

    static final int PART_SIZE = 8 * 1024 * 1024;
    private static final String CONTENT_TYPE = "application/octet-stream";
    private static final Logger log = LoggerFactory.getLogger(S3Uploader.class);

    private final S3Client s3;
    private final String bucket;

    S3Uploader(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Returns the number of bytes stored. Throws {@link SdkException} or the stream's {@link IOException}. */
    long upload(String key, InputStream in) throws IOException {
        // Sized by what the stream holds: most objects are WAL segments of a few KB, and an 8 MB buffer per upload
        // was most of the daemon's garbage and of its heap's high-water mark.
        byte[] first = in.readNBytes(PART_SIZE);
        if (first.length < PART_SIZE) {
            s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) first.length),
                    body(first, first.length));
            return first.length;
        }
        return multipart(key, in, first, first.length);
    }

    private long multipart(String key, InputStream in, byte[] part, int firstLength) throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            int n = firstLength;
            while (n > 0) {
                int number = parts.size() + 1;
                int length = n;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) length), body(part, length)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                total += length;
                n = in.readNBytes(part, 0, PART_SIZE);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            log.debug("uploaded s3://{}/{} in {} parts ({} bytes)", bucket, key, parts.size(), total);
            return total;
        } catch (IOException | RuntimeException | Error e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    private void abort(String key, String uploadId, Throwable failure) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // invisible to listings but billed until a lifecycle rule aborts it; the original failure matters more
            failure.addSuppressed(e);
        }
    }

    // a provider, not a copy: the SDK may read the part twice (signing, retries) and we reuse the buffer afterwards
    private static RequestBody body(byte[] part, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length, CONTENT_TYPE);
    }
}

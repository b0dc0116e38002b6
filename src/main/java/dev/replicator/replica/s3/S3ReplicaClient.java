package dev.replicator.replica.s3;

import dev.replicator.Generations;
import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.config.S3Settings;
import dev.replicator.replica.Keys;
import dev.replicator.replica.ReplicaClient;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A replica in an S3 bucket (AWS or compatible) under {@code prefix}, in Litestream v0.3's key layout. */
public final class S3ReplicaClient implements ReplicaClient {

    private static final int DELETE_BATCH = 1000;
    private static final Logger log = LoggerFactory.getLogger(S3ReplicaClient.class);

    private final S3Settings location;
    private final S3Client s3;
    private final S3Errors errors;
    private final S3Uploader uploader;
    private final int maxAttempts;
    private final boolean ownsClient;

    public S3ReplicaClient(S3Settings location) {
        this(location, S3Tuning.DEFAULTS);
    }

    public S3ReplicaClient(S3Settings location, S3Tuning tuning) {
        this(location, S3Clients.create(location, tuning), tuning.maxAttempts(), true);
    }

    private S3ReplicaClient(S3Settings location, S3Client s3, int maxAttempts, boolean ownsClient) {
        this.location = location;
        this.s3 = s3;
        this.errors = new S3Errors(location);
        this.uploader = new S3Uploader(s3, location.bucket());
        this.maxAttempts = maxAttempts;
        this.ownsClient = ownsClient;
    }

    @Override
    public S3ReplicaClient under(String relativePath) {
        return new S3ReplicaClient(location.under(relativePath), s3, maxAttempts, false);
    }

    @Override
    public String type() {
        return "s3";
    }

    @Override
    public String location() {
        return location.url();
    }

    @Override
    public List<String> generations() throws IOException {
        String dir = location.key(Keys.GENERATIONS) + "/";
        List<String> names = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(
                    ListObjectsV2Request.builder().bucket(location.bucket()).prefix(dir).delimiter("/").build())) {
                for (CommonPrefix p : page.commonPrefixes()) {
                    String name = p.prefix().substring(dir.length(), p.prefix().length() - 1);
                    if (Generations.isValid(name)) {
                        names.add(name);
                    }
                }
            }
        } catch (SdkException e) {
            throw errors.translate(url(dir), e);
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    @Override
    public List<String> databasesBelow() throws IOException {
        return listPrefix(location.key("")).stream().map(o -> Keys.databaseOf(o.name())).flatMap(Optional::stream)
                .distinct().sorted().toList();
    }

    @Override
    public List<SnapshotInfo> snapshots(String generation) throws IOException {
        List<SnapshotInfo> snapshots = new ArrayList<>();
        for (Listed o : list(Keys.snapshotsDir(generation))) {
            Optional<Long> index = Keys.parseSnapshotName(o.name());
            index.ifPresent(i -> snapshots.add(new SnapshotInfo(generation, i, o.size(), o.lastModified())));
        }
        snapshots.sort(Comparator.comparingLong(SnapshotInfo::index));
        return snapshots;
    }

    @Override
    public List<SegmentInfo> walSegments(String generation) throws IOException {
        List<SegmentInfo> segments = new ArrayList<>();
        for (Listed o : list(Keys.walDir(generation))) {
            Optional<long[]> pos = Keys.parseSegmentName(o.name());
            pos.ifPresent(p -> segments.add(new SegmentInfo(generation, p[0], p[1], o.size(), o.lastModified())));
        }
        segments.sort(Comparator.comparingLong(SegmentInfo::index).thenComparingLong(SegmentInfo::offset));
        return segments;
    }

    @Override
    public SnapshotInfo writeSnapshot(String generation, long index, InputStream compressed) throws IOException {
        long size = upload(Keys.snapshot(generation, index), compressed);
        return new SnapshotInfo(generation, index, size, Instant.now());
    }

    @Override
    public SegmentInfo writeWalSegment(Pos pos, InputStream compressed) throws IOException {
        long size = upload(Keys.segment(pos), compressed);
        return new SegmentInfo(pos.generation(), pos.index(), pos.offset(), size, Instant.now());
    }

    @Override
    public InputStream openSnapshot(String generation, long index) throws IOException {
        return open(Keys.snapshot(generation, index));
    }

    @Override
    public InputStream openWalSegment(Pos pos) throws IOException {
        return open(Keys.segment(pos));
    }

    @Override
    public void deleteSnapshot(String generation, long index) throws IOException {
        String key = location.key(Keys.snapshot(generation, index));
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(key));
        } catch (SdkException e) {
            throw errors.translate(url(key), e);
        }
    }

    @Override
    public void deleteWalSegments(Collection<Pos> positions) throws IOException {
        List<String> keys = new ArrayList<>(positions.size());
        for (Pos pos : positions) {
            keys.add(location.key(Keys.segment(pos)));
        }
        deleteKeys(keys);
    }

    @Override
    public void deleteGeneration(String generation) throws IOException {
        String dir = Keys.generationDir(generation);
        List<String> keys = new ArrayList<>();
        for (Listed o : list(dir)) {
            keys.add(o.key());
        }
        deleteKeys(keys);
        log.debug("deleted {} objects of generation {} in {}", keys.size(), generation, location.url());
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    @Override
    public String toString() {
        return "S3ReplicaClient[" + location + "]";
    }

    private long upload(String relative, InputStream in) throws IOException {
        String key = location.key(relative);
        try {
            long size = uploader.upload(key, in);
            log.debug("wrote {} ({} bytes)", url(key), size);
            return size;
        } catch (SdkException e) {
            throw errors.translate(url(key), e);
        }
    }

    private InputStream open(String relative) throws IOException {
        String key = location.key(relative);
        try {
            return ResumingDownload.open(url(key), (from, eTag) -> s3.getObject(b -> b.bucket(location.bucket())
                    .key(key).range(from > 0 ? "bytes=" + from + "-" : null).ifMatch(eTag)), maxAttempts);
        } catch (NoSuchKeyException e) {
            FileNotFoundException notFound = new FileNotFoundException(url(key) + ": " + relative + " does not exist");
            notFound.initCause(e);
            throw notFound;
        } catch (SdkException e) {
            throw errors.translate(url(key), e);
        }
    }

    private void deleteKeys(List<String> keys) throws IOException {
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build())
                    .toList();
            DeleteObjectsResponse response;
            try {
                response = s3.deleteObjects(b -> b.bucket(location.bucket())
                        .delete(d -> d.objects(batch).quiet(true)));
            } catch (SdkException e) {
                throw errors.translate(url(batch.get(0).key()), e);
            }
            if (response.hasErrors() && !response.errors().isEmpty()) {
                throw errors.deleteFailed(location.bucket(), response.errors());
            }
        }
    }

    /** Every object under a folder relative to the replica root, with its name inside that folder. */
    private List<Listed> list(String relativeDir) throws IOException {
        return listPrefix(location.key(relativeDir) + "/");
    }

    /** Every object whose key starts with {@code dir} (empty or ending in '/'), with its name below it. */
    private List<Listed> listPrefix(String dir) throws IOException {
        List<Listed> objects = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(
                    ListObjectsV2Request.builder().bucket(location.bucket()).prefix(dir).build())) {
                for (S3Object o : page.contents()) {
                    objects.add(new Listed(o.key(), o.key().substring(dir.length()), o.size(), o.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw errors.translate(url(dir), e);
        }
        return objects;
    }

    private String url(String key) {
        return "s3://" + location.bucket() + "/" + key;
    }

    private record Listed(String key, String name, long size, Instant lastModified) {
    }
}

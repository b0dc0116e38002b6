package dev.replicator.replica.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import dev.replicator.DurableFiles;
import dev.replicator.Generations;
import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.config.SftpSettings;
import dev.replicator.replica.Keys;
import dev.replicator.replica.ReplicaClient;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A replica on an SFTP server, in Litestream v0.3's layout under {@code path}. An object is written to a temporary
 * name and renamed into place (OpenSSH's posix-rename), so a failed upload leaves nothing under the final name.
 * Object time is the file's mtime (whole seconds).
 */
public final class SftpReplicaClient implements ReplicaClient {

    private final SftpSettings settings;
    private final SftpConnection connection;
    private final boolean ownsConnection;

    public SftpReplicaClient(SftpSettings settings) {
        this(settings, new SftpConnection(settings), true);
    }

    private SftpReplicaClient(SftpSettings settings, SftpConnection connection, boolean ownsConnection) {
        this.settings = settings;
        this.connection = connection;
        this.ownsConnection = ownsConnection;
    }

    @Override
    public String type() {
        return "sftp";
    }

    @Override
    public String location() {
        return settings.describe();
    }

    @Override
    public ReplicaClient under(String relativePath) {
        return new SftpReplicaClient(settings.under(relativePath), connection, false);
    }

    @Override
    public List<String> generations() throws IOException {
        List<String> names = new ArrayList<>();
        for (ChannelSftp.LsEntry e : list(Keys.GENERATIONS)) {
            if (e.getAttrs().isDir() && Generations.isValid(e.getFilename())
                    && (!snapshots(e.getFilename()).isEmpty() || !walSegments(e.getFilename()).isEmpty())) {
                names.add(e.getFilename());
            }
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    @Override
    public List<SnapshotInfo> snapshots(String generation) throws IOException {
        List<SnapshotInfo> snapshots = new ArrayList<>();
        for (ChannelSftp.LsEntry e : list(Keys.snapshotsDir(generation))) {
            Optional<Long> index = Keys.parseSnapshotName(e.getFilename());
            if (index.isPresent() && e.getAttrs().isReg()) {
                snapshots.add(new SnapshotInfo(generation, index.get(), e.getAttrs().getSize(), mtime(e.getAttrs())));
            }
        }
        snapshots.sort(Comparator.comparingLong(SnapshotInfo::index));
        return snapshots;
    }

    @Override
    public List<SegmentInfo> walSegments(String generation) throws IOException {
        List<SegmentInfo> segments = new ArrayList<>();
        for (ChannelSftp.LsEntry e : list(Keys.walDir(generation))) {
            Optional<long[]> pos = Keys.parseSegmentName(e.getFilename());
            if (pos.isPresent() && e.getAttrs().isReg()) {
                segments.add(new SegmentInfo(generation, pos.get()[0], pos.get()[1], e.getAttrs().getSize(),
                        mtime(e.getAttrs())));
            }
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
        remove(List.of(Keys.snapshot(generation, index)));
    }

    @Override
    public void deleteWalSegments(Collection<Pos> positions) throws IOException {
        remove(positions.stream().map(Keys::segment).toList());
    }

    @Override
    public void deleteGeneration(String generation) throws IOException {
        String dir = settings.resolve(Keys.generationDir(generation));
        SftpCalls.run(connection, "delete", dir, c -> {
            removeTree(c, dir);
            return null;
        });
    }

    @Override
    public List<String> databasesBelow() throws IOException {
        TreeSet<String> databases = new TreeSet<>();
        String root = settings.resolve("");
        SftpCalls.run(connection, "list", root, c -> {
            walk(c, root.isEmpty() ? "." : root, "", databases);
            return null;
        });
        return List.copyOf(databases);
    }

    @Override
    public void close() {
        if (ownsConnection) {
            connection.close();
        }
    }

    @Override
    public String toString() {
        return "SftpReplicaClient[" + settings.describe() + "]";
    }

    private List<ChannelSftp.LsEntry> list(String key) throws IOException {
        String dir = settings.resolve(key);
        return SftpCalls.run(connection, "list", dir, c -> {
            List<ChannelSftp.LsEntry> entries = new ArrayList<>();
            try {
                c.ls(dir, e -> {
                    if (!e.getFilename().startsWith(".")) {
                        entries.add(e);
                    }
                    return ChannelSftp.LsEntrySelector.CONTINUE;
                });
            } catch (SftpException e) {
                if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
            }
            return entries;
        });
    }

    private long upload(String key, InputStream in) throws IOException {
        String target = settings.resolve(key);
        String tmp = target + DurableFiles.TMP_MARKER + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        long[] count = new long[1];
        InputStream counting = new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                count[0] += Math.max(n, 0);
                return n;
            }
        };
        SftpCalls.run(connection, "write", target, c -> {
            try {
                try {
                    c.put(counting, tmp, ChannelSftp.OVERWRITE);
                } catch (SftpException e) {
                    if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE || count[0] > 0) {
                        throw e;
                    }
                    mkdirs(c, tmp.substring(0, Math.max(tmp.lastIndexOf('/'), 0)));
                    c.put(counting, tmp, ChannelSftp.OVERWRITE);
                }
                c.rename(tmp, target);
            } catch (SftpException | RuntimeException e) {
                SftpCalls.quietly(() -> c.rm(tmp));
                throw e;
            }
            return null;
        });
        return count[0];
    }

    private InputStream open(String key) throws IOException {
        String path = settings.resolve(key);
        ChannelSftp c = connection.acquire();
        try {
            InputStream in = c.get(path);
            return new FilterInputStream(in) {
                private boolean closed;

                @Override
                public void close() throws IOException {
                    if (!closed) {
                        closed = true;
                        try {
                            super.close();
                        } finally {
                            connection.release(c, true);
                        }
                    }
                }
            };
        } catch (SftpException e) {
            connection.release(c, SftpCalls.channelSurvives(e));
            throw connection.errors().of(e, "read", path);
        } catch (RuntimeException e) {
            connection.release(c, false);
            throw e;
        }
    }

    private void remove(List<String> keys) throws IOException {
        for (String key : keys) {
            String path = settings.resolve(key);
            SftpCalls.run(connection, "delete", path, c -> {
                try {
                    c.rm(path);
                } catch (SftpException e) {
                    if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                        throw e;
                    }
                }
                return null;
            });
        }
    }

    static void mkdirs(ChannelSftp c, String dir) throws SftpException {
        if (dir.isEmpty() || dir.equals("/")) {
            return;
        }
        try {
            c.mkdir(dir);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                mkdirs(c, dir.substring(0, Math.max(dir.lastIndexOf('/'), 0)));
                c.mkdir(dir);
            } else if (!c.stat(dir).isDir()) {
                throw e;
            }
        }
    }

    private static void removeTree(ChannelSftp c, String dir) throws SftpException {
        List<ChannelSftp.LsEntry> entries = new ArrayList<>();
        try {
            c.ls(dir, e -> {
                entries.add(e);
                return ChannelSftp.LsEntrySelector.CONTINUE;
            });
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return;
            }
            throw e;
        }
        for (ChannelSftp.LsEntry e : entries) {
            String name = e.getFilename();
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            if (e.getAttrs().isDir()) {
                removeTree(c, dir + "/" + name);
            } else {
                c.rm(dir + "/" + name);
            }
        }
        c.rmdir(dir);
    }

    private static void walk(ChannelSftp c, String dir, String relative, TreeSet<String> found) throws SftpException {
        List<ChannelSftp.LsEntry> entries = new ArrayList<>();
        try {
            c.ls(dir, e -> {
                entries.add(e);
                return ChannelSftp.LsEntrySelector.CONTINUE;
            });
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return;
            }
            throw e;
        }
        for (ChannelSftp.LsEntry e : entries) {
            String name = e.getFilename();
            String key = relative.isEmpty() ? name : relative + "/" + name;
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            if (e.getAttrs().isDir()) {
                walk(c, dir + "/" + name, key, found);
            } else if (e.getAttrs().isReg()) {
                Keys.databaseOf(key).ifPresent(found::add);
            }
        }
    }

    private static Instant mtime(SftpATTRS attrs) {
        return Instant.ofEpochSecond(Integer.toUnsignedLong(attrs.getMTime()));
    }
}

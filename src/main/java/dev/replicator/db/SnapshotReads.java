package dev.replicator.db;

import dev.replicator.Pos;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;

/** Streams of the database file being read for snapshots; while any is open, no checkpoint runs and no reconnect. */
final class SnapshotReads {

    private final AtomicInteger inProgress = new AtomicInteger();

    boolean inProgress() {
        return inProgress.get() > 0;
    }

    /** A stream of the file behind {@code dbFile} from offset 0, counted until it is closed. */
    SnapshotSource open(FileChannel dbFile, Pos pos) {
        inProgress.incrementAndGet();
        try {
            InputStream in = Channels.newInputStream(new PositionedReader(dbFile, 0));
            return new SnapshotSource(pos, new FilterInputStream(in) {
                private boolean closed;

                @Override
                public void close() throws IOException {
                    if (!closed) {
                        closed = true;
                        inProgress.decrementAndGet();
                        super.close();
                    }
                }
            });
        } catch (RuntimeException e) {
            inProgress.decrementAndGet();
            throw e;
        }
    }
}

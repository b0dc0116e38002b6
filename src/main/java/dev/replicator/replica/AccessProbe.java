package dev.replicator.replica;

import java.io.IOException;

/**
 * The operations replicator needs on a replica root, tried on one probe object directly under it. Each failure is an
 * exception whose one-line message names what was denied and the fix.
 */
public interface AccessProbe extends AutoCloseable {

    /** The replica root, as a path or URL. */
    String location();

    /** Where the probe object {@code name} lives, as a path or URL. */
    String objectUrl(String name);

    void list() throws IOException;

    void put(String name, byte[] content) throws IOException;

    byte[] get(String name) throws IOException;

    void delete(String name) throws IOException;

    @Override
    default void close() throws IOException {
    }
}

package dev.replicator.replica.file;

import dev.replicator.replica.AccessProbe;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link AccessProbe} on a replica directory. A directory that does not exist yet is created for the probe (as
 * replicate would) and removed again afterwards.
 */
public final class FileAccessProbe implements AccessProbe {

    private final Path root;
    private final List<Path> created = new ArrayList<>();

    public FileAccessProbe(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public String objectUrl(String name) {
        return root.resolve(name).toString();
    }

    @Override
    public void list() throws IOException {
        if (!Files.exists(root)) {
            return; // checked when the probe is put
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            entries.iterator().hasNext();
        } catch (NotDirectoryException e) {
            throw new IOException(root + " is a file, not a directory: fix 'path'");
        } catch (FileSystemException e) {
            throw describe(e, "cannot list " + root, "read");
        }
    }

    @Override
    public void put(String name, byte[] content) throws IOException {
        try {
            for (Path p = root; p != null && !Files.exists(p); p = p.getParent()) {
                created.add(0, p);
            }
            Files.createDirectories(root);
            Files.write(root.resolve(name), content);
        } catch (FileSystemException e) {
            throw describe(e, "cannot write in " + root, "write");
        }
    }

    @Override
    public byte[] get(String name) throws IOException {
        try {
            return Files.readAllBytes(root.resolve(name));
        } catch (FileSystemException e) {
            throw describe(e, "cannot read " + root.resolve(name), "read");
        }
    }

    @Override
    public void delete(String name) throws IOException {
        try {
            Files.delete(root.resolve(name));
            for (int i = created.size() - 1; i >= 0; i--) {
                Files.deleteIfExists(created.get(i));
            }
            created.clear();
        } catch (FileSystemException e) {
            throw describe(e, "cannot delete in " + root, "write");
        }
    }

    private IOException describe(FileSystemException e, String what, String access) {
        if (e instanceof AccessDeniedException) {
            return new IOException(what + ": permission denied: give the user running replicator " + access
                    + " access to it (chown/chmod), or fix 'path'", e);
        }
        if (e instanceof NoSuchFileException) {
            return new IOException(what + ": " + e.getFile() + " does not exist: fix 'path'", e);
        }
        String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
        return new IOException(what + ": " + reason + ": fix 'path' or the filesystem", e);
    }
}

package dev.replicator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may read the files replicator creates from a database's content: the database file's own mode (directories get
 * {@code x} wherever that mode has {@code r}), and when replicator runs as root, the database's owner and group, so
 * a copy never reaches more users than the database does and the app can still open what a restore wrote. New files
 * are created with the mode (the umask can only take away from it), never opened wider and narrowed afterwards.
 *
 * @param owner and {@code group}: set on each new file and directory; empty leaves the creator's
 */
public record FileProtection(Set<PosixFilePermission> mode, Optional<UserPrincipal> owner,
                             Optional<GroupPrincipal> group) {

    /** {@code 0600}, owned by whoever runs replicator: for a restore with no database to take the mode from. */
    public static final FileProtection PRIVATE = new FileProtection(PosixFilePermissions.fromString("rw-------"),
            Optional.empty(), Optional.empty());

    private static final boolean ROOT = runningAsRoot();

    public FileProtection {
        mode = Set.copyOf(mode);
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(group, "group");
    }

    /** The protection of the existing file {@code db}: its mode, and as root its owner and group. */
    public static FileProtection of(Path db) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(db, PosixFileAttributes.class);
        return new FileProtection(attributes.permissions(), ROOT ? Optional.of(attributes.owner()) : Optional.empty(),
                ROOT ? Optional.of(attributes.group()) : Optional.empty());
    }

    /**
     * {@code mode} for a file that has no database to copy from, like a restore on a new host: as root owned by the
     * owner and group of {@code dir} (the app's data directory, or its nearest existing parent), so that the app can
     * open it.
     */
    public static FileProtection forNewFileIn(Path dir, Set<PosixFilePermission> mode) throws IOException {
        if (!ROOT) {
            return new FileProtection(mode, Optional.empty(), Optional.empty());
        }
        Path existing = dir.toAbsolutePath();
        while (!Files.isDirectory(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        PosixFileAttributes attributes = Files.readAttributes(existing, PosixFileAttributes.class);
        return new FileProtection(mode, Optional.of(attributes.owner()), Optional.of(attributes.group()));
    }

    /** A mode written as {@code chmod} takes it in octal: {@code 600}, {@code 0640}. */
    public static Set<PosixFilePermission> parseMode(String octal) {
        if (!octal.matches("0?[0-7]{3}")) {
            throw new IllegalArgumentException("'" + octal + "' is not a file mode; write it in octal as chmod takes "
                    + "it, like 600 or 0640");
        }
        int bits = Integer.parseInt(octal, 8);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};
        Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < order.length; i++) {
            if ((bits & (1 << (8 - i))) != 0) {
                mode.add(order[i]);
            }
        }
        return mode;
    }

    /** The mode with {@code x} added wherever it has {@code r}: {@code 0640} gives {@code 0750}. */
    public Set<PosixFilePermission> directoryMode() {
        Set<PosixFilePermission> dir = EnumSet.noneOf(PosixFilePermission.class);
        dir.addAll(mode);
        addIf(dir, PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE);
        addIf(dir, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE);
        addIf(dir, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
        // replicator itself must be able to enter and write what it creates.
        dir.addAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        return dir;
    }

    /** For creating a file; replicator must be able to write it, whatever the database's mode. */
    public FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        Set<PosixFilePermission> file = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        file.addAll(mode);
        file.removeAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE));
        return PosixFilePermissions.asFileAttribute(file);
    }

    public FileAttribute<Set<PosixFilePermission>> directoryAttribute() {
        return PosixFilePermissions.asFileAttribute(directoryMode());
    }

    /** Gives {@code created}, a file or directory just made by replicator, the owner and group (as root). */
    public void claim(Path created) throws IOException {
        if (owner.isEmpty() && group.isEmpty()) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(created, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (owner.isPresent()) {
            view.setOwner(owner.get());
        }
        if (group.isPresent()) {
            view.setGroup(group.get());
        }
    }

    /** {@code rw-------} and, when set, {@code owner:group}: for messages. */
    public String describe() {
        return PosixFilePermissions.toString(mode) + owner.map(o -> " " + o.getName()).orElse("")
                + group.map(g -> ":" + g.getName()).orElse("");
    }

    private static void addIf(Set<PosixFilePermission> set, PosixFilePermission ifPresent, PosixFilePermission add) {
        if (set.contains(ifPresent)) {
            set.add(add);
        }
    }

    private static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}

package dev.replicator.db;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * A state directory that is a symlink is followed only when the link and its target belong to the database's owner
 * or to the user replicator runs as: anyone else who can write beside the database could otherwise point it at a
 * place of their choosing and have the database's pages written there.
 */
final class StateDirLink {

    private StateDirLink() {
    }

    static void refuseForeign(Path root, Path db) throws IOException {
        if (!Files.isSymbolicLink(root)) {
            return;
        }
        UserPrincipal dbOwner = Files.getOwner(db);
        UserPrincipal self = FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        UserPrincipal link = Files.getOwner(root, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal target;
        try {
            target = Files.getOwner(root);
        } catch (NoSuchFileException e) {
            throw new IOException("state directory " + root + " is a symlink to " + Files.readSymbolicLink(root)
                    + ", which does not exist: remove the link (replicator creates the directory itself)");
        }
        for (UserPrincipal owner : new UserPrincipal[] {link, target}) {
            if (!owner.equals(dbOwner) && !owner.equals(self)) {
                throw new IOException("state directory " + root + " is a symlink to " + Files.readSymbolicLink(root)
                        + " and " + (owner == link ? "the link" : "its target") + " belongs to " + owner.getName()
                        + ", neither the database's owner nor this user: remove the link");
            }
        }
    }
}

package dev.replicator.verify;

import dev.replicator.FileProtection;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** verify's copy of the live database, which SQLite would create as 0644 under umask 022, gets the database's mode. */
class LiveCopyModeTest {

    @TempDir
    Path dir;

    @Test
    void theCopyHasTheDatabasesMode() throws Exception {
        Path db = dir.resolve("app.db");
        SqliteFiles.appendRows(db, "t", 10);
        FileProtection protection = new FileProtection(PosixFilePermissions.fromString("rw-r-----"),
                Optional.empty(), Optional.empty());
        Path copy = dir.resolve("live.db");
        try (Connection c = LiveDatabase.open(db, Duration.ofSeconds(1))) {
            LiveDatabase.copy(c, copy, protection);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-r-----");
        SqliteFiles.assertSameContent(db, copy, "t");
    }
}

package dev.replicator.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Maven project directory: the nearest directory at or above the working directory with a pom.xml. */
final class ProjectRoot {

    private ProjectRoot() {
    }

    static Path get() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no pom.xml at or above " + start);
    }
}

package dev.replicator.control;

import dev.replicator.DurableFiles;
import dev.replicator.FileProtection;
import dev.replicator.db.StateDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests to the {@code replicate} that holds a database's state directory, as files in {@code <state>/requests/}.
 * A client writes {@code <id>.snapshot} or {@code <id>.verify} (replica names, one a line); replicate's tick claims it
 * by renaming it to {@code <id>.claimed}, does the work and writes {@code <id>.response}. A client withdraws a request
 * by deleting it, which fails once it is claimed. Files are written tmp + rename, so no side reads half of one.
 */
public final class RequestQueue {

    private static final Pattern REQUEST = Pattern.compile("([0-9a-f]{16})\\.(snapshot|verify|status)");
    private static final Duration STALE = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Path db;

    RequestQueue(Path dir, Path db) {
        this.dir = dir;
        this.db = db;
    }

    public static RequestQueue of(Path db) {
        return new RequestQueue(StateDir.pathFor(db).resolve("requests"), db);
    }

    public Path dir() {
        return dir;
    }

    // ------------------------------------------------------------------ client side

    public Request submit(Request.Kind kind, List<String> replicas) throws IOException {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        Request request = new Request(HexFormat.of().formatHex(bytes), kind, replicas);
        FileProtection protection = FileProtection.of(db);
        DurableFiles.createDirectories(dir, protection);
        DurableFiles.write(requestFile(request), String.join("\n", replicas).getBytes(StandardCharsets.UTF_8),
                protection);
        return request;
    }

    /** Takes the response if there is one. */
    public Optional<Response> takeResponse(Request request) throws IOException {
        Path file = dir.resolve(request.id() + ".response");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Files.deleteIfExists(file);
        boolean ok = !lines.isEmpty() && lines.get(0).equals("ok");
        return Optional.of(new Response(ok, lines.isEmpty() ? List.of() : lines.subList(1, lines.size())));
    }

    /** Withdraws a request nobody claimed yet; false if it was claimed (an answer is then on its way). */
    public boolean withdraw(Request request) throws IOException {
        return Files.deleteIfExists(requestFile(request));
    }

    // ------------------------------------------------------------------ replicate side

    /** Claims every waiting request, oldest first, and sweeps answers nobody collected. */
    public List<Request> claim() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> waiting = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (REQUEST.matcher(f.getFileName().toString()).matches()) {
                    waiting.add(f);
                } else if (f.getFileName().toString().endsWith(".response") && isStale(f)) {
                    Files.deleteIfExists(f);
                }
            }
        }
        waiting.sort((a, b) -> Long.compare(mtime(a), mtime(b)));
        List<Request> claimed = new ArrayList<>();
        for (Path f : waiting) {
            Matcher m = REQUEST.matcher(f.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            Path target = dir.resolve(m.group(1) + ".claimed");
            try {
                Files.move(f, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                continue; // withdrawn meanwhile
            }
            List<String> replicas = Files.readAllLines(target, StandardCharsets.UTF_8).stream()
                    .filter(s -> !s.isBlank()).toList();
            claimed.add(new Request(m.group(1), Request.Kind.valueOf(m.group(2).toUpperCase(Locale.ROOT)), replicas));
        }
        return claimed;
    }

    public void respond(Request request, Response response) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(response.ok() ? "ok" : "failed");
        lines.addAll(response.lines());
        DurableFiles.write(dir.resolve(request.id() + ".response"),
                (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), FileProtection.of(db));
        Files.deleteIfExists(dir.resolve(request.id() + ".claimed"));
    }

    private Path requestFile(Request request) {
        return dir.resolve(request.id() + "." + request.kind().name().toLowerCase(Locale.ROOT));
    }

    private static boolean isStale(Path f) {
        return mtime(f) < Instant.now().minus(STALE).toEpochMilli();
    }

    private static long mtime(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}

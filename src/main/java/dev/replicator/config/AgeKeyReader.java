package dev.replicator.config;

import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a replica's {@code age:} section with Litestream v0.3's keys: {@code recipients} and {@code identities}
 * lists whose entries are one key or the text of a key file (blank and {@code #} lines skipped). Ours on top: an
 * identity entry may be a key file's path, and {@code identity-file} names one. Every key is checked here so a
 * typo fails at start-up with its line; no message ever contains an identity.
 */
final class AgeKeyReader {

    private static final String IDENTITY_PREFIX = "AGE-SECRET-KEY-1";
    private static final String RECIPIENT_PREFIX = "age1";

    private AgeKeyReader() {
    }

    static AgeConfig read(ConfigFile.Age age, Place at) {
        List<String> recipients = new ArrayList<>();
        List<String> entries = ConfigReader.orElse(age.recipients(), List.of());
        for (int i = 0; i < entries.size(); i++) {
            String where = at.keyPath("recipients") + "[" + i + "]";
            for (String key : keys(entries.get(i))) {
                recipients.add(recipient(at, where, key));
            }
        }
        List<String> identities = new ArrayList<>();
        entries = ConfigReader.orElse(age.identities(), List.of());
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String where = at.keyPath("identities") + "[" + i + "]";
            if (isPath(entry)) {
                identities.addAll(identityFile(m -> at.fail("identities", m), where, entry));
            } else {
                for (String key : keys(entry)) {
                    identities.add(identity(m -> at.fail("identities", m), where, key));
                }
            }
        }
        if (age.identityFile() != null) {
            identities.addAll(identityFile(m -> at.fail("identity-file", m), at.keyPath("identity-file"),
                    age.identityFile()));
        }
        return new AgeConfig(identities, recipients);
    }

    /** The keys in an entry: itself, or each line of a key file's text that is not blank or a comment. */
    private static List<String> keys(String entry) {
        return entry.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static boolean isPath(String entry) {
        String s = entry.strip();
        return !s.contains("\n") && !s.startsWith(IDENTITY_PREFIX) && !s.startsWith(RECIPIENT_PREFIX)
                && (s.contains("/") || s.startsWith("~"));
    }

    /** The identities in a key file named on the command line ({@code restore -identity-file FILE}). */
    static List<String> identitiesFromFile(String option, String file) {
        return identityFile(ConfigException::new, option + " " + file, file);
    }

    private static String recipient(Place age, String where, String key) {
        if (!key.startsWith(RECIPIENT_PREFIX)) {
            throw age.fail("recipients", where + " is not an age recipient (" + RECIPIENT_PREFIX
                    + "...); secret keys go under identities");
        }
        try {
            X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(key);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw age.fail("recipients", where + " is not a valid age recipient (bad length or checksum): copy the "
                    + "whole age1... public key again (age-keygen -y KEYFILE prints it)");
        }
        return key;
    }

    private static String identity(Function<String, ConfigException> fail, String where, String identity) {
        if (!identity.startsWith(IDENTITY_PREFIX)) {
            throw fail.apply(where + " is not an age identity (" + IDENTITY_PREFIX
                    + "...); public keys (" + RECIPIENT_PREFIX + "...) go under recipients");
        }
        try {
            X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw fail.apply(where + " is not a valid age identity (bad length or checksum): copy the whole "
                    + IDENTITY_PREFIX + "... line of the key file again");
        }
        return identity;
    }

    private static List<String> identityFile(Function<String, ConfigException> fail, String where, String raw) {
        Path file;
        try {
            file = LocalPaths.resolve(raw.strip());
        } catch (IllegalArgumentException e) {
            throw fail.apply(where + ": " + e.getMessage());
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw fail.apply(where + ": age identity file " + file + " does not exist; create it with "
                    + "age-keygen -o " + file + " or fix the path");
        } catch (AccessDeniedException e) {
            throw fail.apply(where + ": age identity file " + file + " is not readable by this user; give the "
                    + "replicator's user read access (mode 600, owned by that user)");
        } catch (IOException e) {
            throw fail.apply(where + ": age identity file " + file + " cannot be read (" + e.getMessage() + ")");
        }
        List<String> lines = text.lines().toList();
        List<String> identities = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                identities.add(identity(fail, where + " (" + file + " line " + (n + 1) + ")", line));
            }
        }
        if (identities.isEmpty()) {
            throw fail.apply(where + ": age identity file " + file + " holds no AGE-SECRET-KEY-1... line; "
                    + "create one with age-keygen -o " + file);
        }
        ExposedSecrets.warnIfOthersCanRead(file, "age identity file");
        return identities;
    }
}

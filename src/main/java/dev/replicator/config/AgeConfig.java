package dev.replicator.config;

import java.util.List;

/**
 * age encryption keys, as Litestream v0.3 takes them: recipients ("age1...") encrypt what is uploaded,
 * identities ("AGE-SECRET-KEY-1...") decrypt on restore. {@link #toString()} never shows an identity.
 */
public record AgeConfig(List<String> identities, List<String> recipients) {

    public static final AgeConfig NONE = new AgeConfig(List.of(), List.of());

    public AgeConfig {
        identities = List.copyOf(identities);
        recipients = List.copyOf(recipients);
    }

    public boolean encrypts() {
        return !recipients.isEmpty();
    }

    @Override
    public String toString() {
        return "AgeConfig[identities=(" + identities.size() + " hidden), recipients=" + recipients + "]";
    }
}

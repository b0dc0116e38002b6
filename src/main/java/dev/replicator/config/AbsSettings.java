package dev.replicator.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an Azure Blob Storage replica lives, as Litestream v0.3's {@code type: abs}. {@link #toString()} never shows
 * the account key.
 *
 * @param container Litestream's {@code bucket}
 * @param prefix the blob name prefix of the replica root, without leading or trailing slashes
 * @param endpoint the service URL with scheme and no trailing slash; empty for {@code https://ACCOUNT.blob.core.windows.net}
 * @param accountKey the base64 shared key
 */
public record AbsSettings(String accountName, String accountKey, String container, String prefix,
                          Optional<String> endpoint) {

    public AbsSettings {
        Objects.requireNonNull(accountName, "accountName");
        Objects.requireNonNull(accountKey, "accountKey");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(endpoint, "endpoint");
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    }

    /** The service URL requests go to. */
    public String serviceUrl() {
        return endpoint.orElse("https://" + accountName + ".blob.core.windows.net");
    }

    /** {@code abs://account@container/prefix}, plus {@code ?endpoint=} when one is set; no key. */
    public String describe() {
        String url = "abs://" + accountName + "@" + container + (prefix.isEmpty() ? "" : "/" + prefix);
        return endpoint.map(e -> url + "?endpoint=" + e).orElse(url);
    }

    /** The full blob name of a key relative to the replica root. */
    public String key(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    public AbsSettings under(String relativePath) {
        return new AbsSettings(accountName, accountKey, container, key(relativePath), endpoint);
    }

    @Override
    public String toString() {
        return "AbsSettings[" + describe() + ", accountKey=****]";
    }
}

package dev.replicator.replica.abs;

import dev.replicator.config.AbsSettings;
import dev.replicator.replica.AccessProbe;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** {@link AccessProbe} on an Azure Blob Storage replica: List Blobs, Put Blob, Get Blob and Delete Blob under its path. */
public final class AbsAccessProbe implements AccessProbe {

    private final AbsSettings settings;
    private final BlobRequests requests;

    public AbsAccessProbe(AbsSettings settings) {
        this.settings = settings;
        this.requests = new BlobRequests(settings);
    }

    @Override
    public String location() {
        return settings.describe();
    }

    @Override
    public String objectUrl(String name) {
        return settings.under(name).describe();
    }

    @Override
    public void list() throws IOException {
        requests.prefixes(settings.key(""));
    }

    @Override
    public void put(String name, byte[] content) throws IOException {
        requests.upload(settings.key(name), new ByteArrayInputStream(content));
    }

    @Override
    public byte[] get(String name) throws IOException {
        try (InputStream in = requests.open(settings.key(name))) {
            return in.readAllBytes();
        }
    }

    @Override
    public void delete(String name) throws IOException {
        requests.delete(settings.key(name));
    }
}

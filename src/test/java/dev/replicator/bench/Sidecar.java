package dev.replicator.bench;

import java.util.Optional;

/** What runs beside the commit-latency bench's app: nothing, or one of the tools. */
public enum Sidecar {
    NONE("no sidecar", null),
    REPLICATOR("replicator", Tool.REPLICATOR),
    LITESTREAM("Litestream", Tool.LITESTREAM);

    private final String label;
    private final Tool tool;

    Sidecar(String label, Tool tool) {
        this.label = label;
        this.tool = tool;
    }

    public String label() {
        return label;
    }

    public Optional<Tool> tool() {
        return Optional.ofNullable(tool);
    }
}

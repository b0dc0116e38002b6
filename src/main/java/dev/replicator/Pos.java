package dev.replicator;

/**
 * A position in a database's replicated WAL history: a byte offset within one WAL index of one generation.
 * Prints as {@code gen/%08x:%d}, the way Litestream prints its positions.
 */
public record Pos(String generation, long index, long offset) {

    public Pos {
        Generations.requireValid(generation);
        if (index < 0 || index > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("WAL index out of range: " + index);
        }
        if (offset < 0 || offset > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("WAL offset out of range: " + offset);
        }
    }

    @Override
    public String toString() {
        return String.format("%s/%08x:%d", generation, index, offset);
    }
}

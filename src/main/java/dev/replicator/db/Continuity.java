package dev.replicator.db;

import java.util.Optional;

/**
 * What is known about the real WAL's history relative to the shadow WAL (R6), and so what a WAL seen removed or
 * restarted means: the next index of the same generation, or a new generation, and why. Litestream's {@code verify()}
 * answers the same question with a reason.
 */
sealed interface Continuity {

    Continuity PROVEN = new Proven();
    Continuity UNPROVEN = new Unproven();

    /** Why a WAL that was removed or emptied starts a new generation, or empty if it only awaits its next header. */
    Optional<String> whenWalRemoved();

    /** Why a WAL with a new header starts a new generation, or empty if it is the next index. */
    Optional<String> whenWalRestarted();

    /** After the read mark was not held for a while, the file was reopened, or a checkpoint failed. */
    Continuity lost();

    /** A read transaction was held since the generation started or resumed: every restart is seen, frames all copied. */
    record Proven() implements Continuity {
        @Override
        public Optional<String> whenWalRemoved() {
            return Optional.empty();
        }

        @Override
        public Optional<String> whenWalRestarted() {
            return Optional.empty();
        }

        @Override
        public Continuity lost() {
            return UNPROVEN;
        }
    }

    /** Frames may have been checkpointed away uncopied: only a WAL that still has the same header goes on. */
    record Unproven() implements Continuity {
        @Override
        public Optional<String> whenWalRemoved() {
            return Optional.of("WAL removed while the read lock was not held");
        }

        @Override
        public Optional<String> whenWalRestarted() {
            return Optional.of("WAL restarted while continuity could not be proven");
        }

        @Override
        public Continuity lost() {
            return this;
        }
    }

    /** There is no generation to go on with, for {@code reason}: the next sync starts one. */
    record Broken(String reason) implements Continuity {
        @Override
        public Optional<String> whenWalRemoved() {
            return Optional.of(reason);
        }

        @Override
        public Optional<String> whenWalRestarted() {
            return Optional.of(reason);
        }

        @Override
        public Continuity lost() {
            return this;
        }
    }
}

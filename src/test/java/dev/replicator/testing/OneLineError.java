package dev.replicator.testing;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a failed replicator command must look to its user: the documented exit code and one line that says it all. */
public final class OneLineError {

    /** The shape of replicator's log lines: ISO timestamp, level, message. */
    public static final String LOG_LINE = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*";

    private OneLineError() {
    }

    /**
     * Exit code, then: nothing on stdout, no stack trace, and exactly one stderr line that is not a log line; it
     * starts "replicator: ", comes last, and contains every one of {@code mustContain}. No ERROR log line repeats
     * it. Returns that line.
     */
    public static String assertOneLineError(ProcessResult r, int exit, String... mustContain) {
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(exit);
        assertThat(r.stdout()).as(r.describe()).isBlank();
        List<String> lines = r.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(r.describe()).isNotEmpty()
                .noneMatch(l -> l.contains("Exception") || l.contains("\tat ") || l.startsWith("Caused by"));
        List<String> messages = lines.stream().filter(l -> !l.matches(LOG_LINE)).toList();
        assertThat(messages).as("non-log stderr lines\n%s", r.describe()).hasSize(1);
        String line = messages.get(0);
        assertThat(line).as(r.describe()).startsWith("replicator: ").isEqualTo(lines.get(lines.size() - 1));
        assertThat(lines).as("no ERROR log besides the message\n%s", r.describe())
                .noneMatch(l -> l.matches(LOG_LINE) && l.contains(" ERROR "));
        for (String s : mustContain) {
            assertThat(line).as(r.describe()).contains(s);
        }
        return line;
    }
}

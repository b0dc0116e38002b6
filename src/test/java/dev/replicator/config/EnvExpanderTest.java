package dev.replicator.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvExpanderTest {

    private static String expand(String text, Map<String, String> env) {
        return EnvExpander.expand(text, env, "config");
    }

    @Test
    void replacesVariables() {
        assertThat(expand("bucket: ${BUCKET}\npath: ${A}/${B}\n", Map.of("BUCKET", "b1", "A", "x", "B", "y")))
                .isEqualTo("bucket: b1\npath: x/y\n");
    }

    @Test
    void usesTheDefaultWhenUnsetOrEmpty() {
        assertThat(expand("a: ${A:-one}\nb: ${B:-two}\nc: ${C:-}\n", Map.of("B", "")))
                .isEqualTo("a: one\nb: two\nc: \n");
        assertThat(expand("a: ${A:-one}", Map.of("A", "set"))).isEqualTo("a: set");
    }

    @Test
    void defaultMayContainColonsAndSlashes() {
        assertThat(expand("endpoint: ${E:-http://localhost:9000/x}", Map.of()))
                .isEqualTo("endpoint: http://localhost:9000/x");
    }

    @Test
    void emptyValueIsKeptWithoutDefault() {
        assertThat(expand("a: ${A}", Map.of("A", ""))).isEqualTo("a: ");
    }

    @Test
    void dollarWithoutBracesIsLeftAlone() {
        assertThat(expand("exec: echo $HOME $$ $ ${A} $1 a$", Map.of("A", "1", "HOME", "/root")))
                .isEqualTo("exec: echo /root $ $ 1 $1 a$");
        assertThat(expand("endpoint: $R2_ENDPOINT/x\ntype: $TYPE\n", Map.of("R2_ENDPOINT", "https://r2", "TYPE", "s3")))
                .isEqualTo("endpoint: https://r2/x\ntype: s3\n");
        assertThatThrownBy(() -> expand("secret-access-key: pa$word\n", Map.of()))
                .hasMessage("config line 1: environment variable word is not set; set it or write ${word:-default}, "
                        + "or write $$ for a literal $");
        assertThat(expand("secret-access-key: pa$$word\n", Map.of())).isEqualTo("secret-access-key: pa$word\n");
    }

    @Test
    void valuesAreNotExpandedAgain() {
        assertThat(expand("a: ${A}", Map.of("A", "${B}"))).isEqualTo("a: ${B}");
    }

    @Test
    void missingVariableNamesItTheLineAndTheFix() {
        String text = "dbs:\n  - path: /db\n    replicas:\n      - url: s3://x\n\n\n        bucket: ${DB_BUCKET}\n";
        assertThatThrownBy(() -> expand(text, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config line 7: environment variable DB_BUCKET is not set; set it or write "
                        + "${DB_BUCKET:-default}");
    }

    @Test
    void wholeLineCommentsAreNotExpanded() {
        assertThat(expand("# access-key-id: ${UNSET}\n  # ${ALSO_UNSET}\na: 1\n", Map.of()))
                .isEqualTo("# access-key-id: ${UNSET}\n  # ${ALSO_UNSET}\na: 1\n");
        assertThat(expand("a: $A # or $UNSET\nb: \"x # $A\" # $UNSET\nc: x#$A\n", Map.of("A", "1")))
                .isEqualTo("a: 1 # or $UNSET\nb: \"x # 1\" # $UNSET\nc: x#1\n");
    }

    @Test
    void keepsCrLfLineEndings() {
        assertThat(expand("a: ${A}\r\nb: 2\r\n", Map.of("A", "1"))).isEqualTo("a: 1\r\nb: 2\r\n");
    }

    @Test
    void unclosedReferenceIsAnError() {
        assertThatThrownBy(() -> expand("a: 1\nb: ${B\n", Map.of("B", "x")))
                .hasMessage("config line 2: '${' is not closed; write ${NAME} or ${NAME:-default}");
    }

    @Test
    void invalidNameIsAnError() {
        assertThatThrownBy(() -> expand("a: ${1A}", Map.of()))
                .hasMessageStartingWith("config line 1: '${1A}' is not a variable reference");
        assertThatThrownBy(() -> expand("a: ${A-x}", Map.of()))
                .hasMessageStartingWith("config line 1: '${A-x}' is not a variable reference");
    }

    @Test
    void nestedDefaultIsAnError() {
        assertThatThrownBy(() -> expand("a: ${A:-${B}}", Map.of()))
                .hasMessageStartingWith("config line 1: nested ${...} in the default of ${A}");
    }
}

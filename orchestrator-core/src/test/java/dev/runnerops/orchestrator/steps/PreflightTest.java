package dev.runnerops.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreflightTest {
    @Test
    void lessThanFourGibibytesIsAWarningWithTheFigure() {
        assertThat(Preflight.memoryWarning(2L << 30)).hasValueSatisfying(w -> assertThat(w)
                .contains("2.0 GiB").contains("at least 4 GiB"));
        assertThat(Preflight.memoryWarning(16L << 30)).isEmpty();
        assertThat(Preflight.memoryWarning(0)).isEmpty();
    }
}

package dev.runnerops.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.api.Mode;
import dev.runnerops.orchestrator.config.TestConfigs;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {
    @TempDir
    Path dir;

    private OrchestratorConfig config(String toml) throws IOException {
        return TestConfigs.load(dir, toml);
    }

    @Test
    void lessThanFourGibibytesIsAWarningWithTheFigure() {
        assertThat(Preflight.memoryWarning(2L << 30)).hasValueSatisfying(w -> assertThat(w)
                .contains("2.0 GiB").contains("at least 4 GiB"));
        assertThat(Preflight.memoryWarning(16L << 30)).isEmpty();
        assertThat(Preflight.memoryWarning(0)).isEmpty();
    }

    @Test
    void aTokenWithoutUrlIsContradictoryInRunnerOnlyMode() throws IOException {
        OrchestratorConfig c = config("[gitlab]\ntoken = \"glrt-abcdefghijklmnopqrst\"\n");
        assertThatThrownBy(() -> Preflight.checkSettings(c, Mode.RUNNER_ONLY, false))
                .hasMessageContaining("gitlab.url is empty but gitlab.token is set");
        Preflight.checkSettings(c, Mode.COMPLETE, false); // complete mode brings its own GitLab
    }

    @Test
    void registerNeedsAToken() throws IOException {
        OrchestratorConfig c = config("[gitlab]\nurl = \"https://gitlab.example.com\"\n");
        assertThatThrownBy(() -> Preflight.checkSettings(c, Mode.RUNNER_ONLY, true))
                .hasMessageContaining("gitlab.token is empty").hasMessageContaining("glrt-");
    }
}

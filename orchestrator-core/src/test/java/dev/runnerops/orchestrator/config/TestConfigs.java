package dev.runnerops.orchestrator.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loads a configuration written by a test, with no environment and {@code dir} as home. */
public final class TestConfigs {
    private TestConfigs() {}

    public static OrchestratorConfig load(Path dir, String toml) throws IOException {
        Path file = dir.resolve("orchestrator.toml");
        Files.writeString(file, toml);
        return new ConfigLoader(Map.of(), dir).load(file);
    }
}

package dev.runnerops.orchestrator.runner;

import dev.runnerops.orchestrator.api.OrchestratorException;
import dev.runnerops.orchestrator.engine.DockerEngine;
import dev.runnerops.orchestrator.engine.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads config.toml where the runner keeps it: on the host through the state folder, or, when the runner
 * wrote it 0600 as root and this user cannot read it, through the engine's archive API.
 */
public final class RunnerConfigAccess {
    private final DockerEngine engine;
    private final Path hostFile;

    public RunnerConfigAccess(DockerEngine engine, Path hostFile) {
        this.engine = engine;
        this.hostFile = hostFile;
    }

    public Path hostFile() {
        return hostFile;
    }

    /** The file's text, or empty when the runner has not written it yet. */
    public Optional<String> read(String runnerContainer) {
        if (!Files.exists(hostFile)) {
            return Optional.empty();
        }
        if (Files.isReadable(hostFile)) {
            try {
                return Optional.of(Files.readString(hostFile, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new OrchestratorException("Cannot read " + hostFile + ": " + e.getMessage(), e);
            }
        }
        if (runnerContainer == null) {
            throw new OrchestratorException("Cannot read " + hostFile + ": permission denied. Run as the user that "
                    + "owns the state folder, or start the runner so the file can be read through Docker.");
        }
        try {
            return Optional.of(new String(engine.readFile(runnerContainer, RegisterCommand.CONFIG_FILE),
                    StandardCharsets.UTF_8));
        } catch (EngineException e) {
            throw new OrchestratorException("Cannot read " + hostFile + " (permission denied) nor through the runner "
                    + "container: " + e.getMessage(), e);
        }
    }

    public RunnerConfigFile parse(String runnerContainer) {
        return read(runnerContainer).map(t -> RunnerConfigFile.parse(t, hostFile.toString()))
                .orElse(RunnerConfigFile.empty());
    }

    /** Puts back the exact bytes of a snapshot; deletes the file if there was none. */
    public void restore(Optional<String> snapshot) {
        try {
            if (snapshot.isEmpty()) {
                Files.deleteIfExists(hostFile);
            } else {
                Files.writeString(hostFile, snapshot.get(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new OrchestratorException("Cannot restore " + hostFile + " after a failed registration: "
                    + e.getMessage(), e);
        }
    }
}

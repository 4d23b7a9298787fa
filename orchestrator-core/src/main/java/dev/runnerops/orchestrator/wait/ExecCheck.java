package dev.runnerops.orchestrator.wait;

import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.engine.DockerEngine;
import dev.runnerops.orchestrator.errors.EngineException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ready when a command inside the container exits 0. Used where the answer is only given from inside, such as
 * GitLab's health endpoints, which answer only clients on its monitoring allow-list (loopback by default).
 * Aborts when the container is no longer running.
 */
public final class ExecCheck implements ReadinessCheck {
    private final DockerEngine engine;
    private final String container;
    private final List<String> command;
    private final String description;

    public ExecCheck(DockerEngine engine, String container, List<String> command, String description) {
        this.engine = engine;
        this.container = container;
        this.command = List.copyOf(command);
        this.description = description;
    }

    @Override
    public boolean isReady() {
        try {
            return engine.exec(container, command, Map.of(), Duration.ofSeconds(15)).succeeded();
        } catch (EngineException e) {
            Optional<ContainerInfo> info = engine.container(container);
            if (info.isEmpty() || !info.get().running()) {
                throw new WaitAbortedException(description, "The container " + container + " stopped while waiting for "
                        + description + " (state: " + info.map(ContainerInfo::state).orElse("removed") + ").");
            }
            return false;
        }
    }

    @Override
    public String describe() {
        return description;
    }
}

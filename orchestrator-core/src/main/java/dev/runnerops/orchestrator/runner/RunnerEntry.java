package dev.runnerops.orchestrator.runner;

import dev.runnerops.orchestrator.config.Secret;
import java.util.List;

/** One {@code [[runners]]} entry of gitlab-runner's config.toml, with the fields the tool reads. */
public record RunnerEntry(
        String name,
        String url,
        Secret token,
        String executor,
        String dockerImage,
        boolean privileged,
        List<String> volumes,
        String networkMode,
        List<String> environment) {

    public RunnerEntry {
        volumes = List.copyOf(volumes);
        environment = List.copyOf(environment);
    }
}

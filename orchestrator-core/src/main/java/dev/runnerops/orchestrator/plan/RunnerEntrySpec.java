package dev.runnerops.orchestrator.plan;

import java.util.List;

/**
 * The {@code [[runners]]} entry of gitlab-runner's config.toml as the tool wants it: the keys it owns. The token,
 * and every other key, belong to gitlab-runner and the user.
 *
 * @param url         GitLab URL as the runner container reaches it; with the name, identifies the entry
 * @param volumes     job volumes with Docker-host paths (the executor creates the job containers)
 * @param networkMode network for job containers, empty when jobs need no shared network
 * @param environment NAME=VALUE entries for every job, DOCKER_AUTH_CONFIG among them
 * @param legacyTags  tags for the legacy registration-token path only (glrt- runners keep tags server-side)
 */
public record RunnerEntrySpec(
        String name,
        String url,
        String executor,
        String defaultImage,
        boolean privileged,
        List<String> volumes,
        String networkMode,
        List<String> environment,
        List<String> legacyTags) {

    public RunnerEntrySpec {
        volumes = List.copyOf(volumes);
        environment = List.copyOf(environment);
        legacyTags = List.copyOf(legacyTags);
    }
}

package dev.runnerops.orchestrator.runner;

import dev.runnerops.orchestrator.config.Secret;

/** One {@code [[runners]]} entry of gitlab-runner's config.toml, as far as listing it goes. */
public record RunnerEntry(String name, String url, Secret token) {}

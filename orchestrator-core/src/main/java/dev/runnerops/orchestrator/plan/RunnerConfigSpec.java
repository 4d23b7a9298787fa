package dev.runnerops.orchestrator.plan;

/**
 * What the tool owns in the runner's config.toml: the global {@code concurrent} and one {@code [[runners]]}
 * entry. {@code up} compares it with the file and rewrites only these keys.
 */
public record RunnerConfigSpec(int concurrent, RunnerEntrySpec runner) {
    /** Where the runner image reads its configuration. */
    public static final String CONFIG_FILE = "/etc/gitlab-runner/config.toml";
}

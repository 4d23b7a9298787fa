package dev.runnerops.orchestrator.plan;

import dev.runnerops.orchestrator.config.OrchestratorConfig.ServerProfile;

/**
 * What each {@code server.profile} adds to GITLAB_OMNIBUS_CONFIG, and the memory GitLab documents for it.
 *
 * <p>SMALL: the settings of GitLab's "Running GitLab in a memory-constrained environment"
 * (docs.gitlab.com/omnibus/settings/memory_constrained_envs, omnibus-gitlab
 * {@code doc/settings/memory_constrained_envs.md}, section "Configuration with all the changes"), copied as
 * documented: Puma in single mode, Sidekiq concurrency 10, Prometheus and all its exporters off
 * ({@code prometheus_monitoring['enable'] = false}, "To completely disable prometheus, and all of it's
 * exporters" in omnibus-gitlab's gitlab.rb.template), jemalloc returning memory sooner. Left out:
 * {@code gitaly['configuration']} with its cgroups, which need a writable cgroup hierarchy that an unprivileged
 * container does not have. The same page: minimum 2 GB of RAM + 1 GB of swap, for up to 5 developers.
 *
 * <p>STANDARD: GitLab's defaults; its installation requirements ask for 16 GB for a single node and say it can
 * run with at least 8 GB.
 */
public final class ServerProfiles {
    static final String SMALL_LINES = """
            puma['worker_processes'] = 0
            sidekiq['concurrency'] = 10
            prometheus_monitoring['enable'] = false
            gitlab_rails['env'] = {
              'MALLOC_CONF' => 'dirty_decay_ms:1000,muzzy_decay_ms:1000'
            }
            gitaly['env'] = {
              'MALLOC_CONF' => 'dirty_decay_ms:1000,muzzy_decay_ms:1000',
              'GITALY_COMMAND_SPAWN_MAX_PARALLEL' => '2'
            }
            """;

    private ServerProfiles() {}

    /** Lines for GITLAB_OMNIBUS_CONFIG, each ending with a newline; none for STANDARD. */
    public static String omnibusLines(ServerProfile profile) {
        return profile == ServerProfile.SMALL ? SMALL_LINES : "";
    }

    /** GitLab's documented minimum memory for the profile, in GB. */
    public static int minimumMemoryGb(ServerProfile profile) {
        return profile == ServerProfile.SMALL ? 2 : 8;
    }

    /** How the documentation words the profile's memory, for warnings. */
    public static String documentedMemory(ServerProfile profile) {
        return profile == ServerProfile.SMALL
                ? "at least 2 GB of memory plus 1 GB of swap (GitLab's memory-constrained settings)"
                : "at least 8 GB of memory (16 GB recommended) with GitLab's default settings";
    }
}

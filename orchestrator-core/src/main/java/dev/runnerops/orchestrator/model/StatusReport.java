package dev.runnerops.orchestrator.model;

import java.util.List;

/**
 * The project as it is now: containers, network, registration and helper.
 *
 * @param state             where the files containers mount live: "folder /srv/state on this machine, ..."
 *                          or "volumes p-state and p-gitlab on the engine at tcp://..."
 * @param runnerConfigDrift the config.toml keys that differ from the configuration (the next {@code up}
 *                          rewrites them); empty when in line or not registered
 * @param runnerSystemId    this host's runner manager as GitLab knows it ({@code .runner_system_id}); empty
 *                          before the runner's first start
 * @param gitlab            GitLab's list of the runner's managers when this host runs GitLab ({@code up
 *                          --complete}); null otherwise (runner-only: listing managers needs an API token the
 *                          tool is not given)
 */
public record StatusReport(
        String project,
        List<ContainerStatus> containers,
        NetworkStatus network,
        List<RegisteredRunner> runners,
        List<String> runnerConfigDrift,
        HelperStatus helper,
        String state,
        String runnerSystemId,
        GitLabView gitlab) {

    /** @param health healthy, unhealthy, starting, or empty without a HEALTHCHECK */
    public record ContainerStatus(String service, String name, String state, String health, String image,
                                  List<String> ports) {}

    public record NetworkStatus(String name, boolean exists, boolean external) {}

    /** An entry of config.toml; the token is masked like GitLab shows it. */
    public record RegisteredRunner(String name, String url, String maskedToken) {}

    /**
     * @param runnerId    GitLab's id of the runner; 0 when unknown
     * @param unavailable why there is no list, and what makes it available; empty when {@code managers} is
     *                    GitLab's answer
     */
    public record GitLabView(long runnerId, List<Manager> managers, String unavailable) {}

    /**
     * One runner manager as GitLab lists it ({@code lib/api/entities/ci/runner_manager.rb}); unknown values empty.
     *
     * @param status online, offline, stale or never_contacted
     */
    public record Manager(String systemId, String status, String contactedAt, String ipAddress, String version) {}

    /** @param source build or local; {@code present} whether the binary exists */
    public record HelperStatus(String source, String version, String path, boolean present) {}
}

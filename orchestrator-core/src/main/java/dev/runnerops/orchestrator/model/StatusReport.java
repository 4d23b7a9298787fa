package dev.runnerops.orchestrator.model;

import java.util.List;

/**
 * The project as it is now: containers, network, registration and helper.
 *
 * @param state             where the files containers mount live: "folder /srv/state on this machine, ..."
 *                          or "volumes p-state and p-gitlab on the engine at tcp://..."
 * @param runnerConfigDrift the config.toml keys that differ from the configuration (the next {@code up}
 *                          rewrites them); empty when in line or not registered
 */
public record StatusReport(
        String project,
        List<ContainerStatus> containers,
        NetworkStatus network,
        List<RegisteredRunner> runners,
        List<String> runnerConfigDrift,
        HelperStatus helper,
        String state) {

    /** @param health healthy, unhealthy, starting, or empty without a HEALTHCHECK */
    public record ContainerStatus(String service, String name, String state, String health, String image,
                                  List<String> ports) {}

    public record NetworkStatus(String name, boolean exists, boolean external) {}

    /** An entry of config.toml; the token is masked like GitLab shows it. */
    public record RegisteredRunner(String name, String url, String maskedToken) {}

    /** @param source build or local; {@code present} whether the binary exists */
    public record HelperStatus(String source, String version, String path, boolean present) {}
}

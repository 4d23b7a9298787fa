package dev.runnerops.orchestrator.model;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.event.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code up} did.
 *
 * @param containers          container name to what was done to it
 * @param registration        REGISTERED, ALREADY_REGISTERED, or SKIPPED without a token
 * @param runnerConfig        UPDATED, UNCHANGED, or SKIPPED when the runner is not registered
 * @param runnerConfigChanges the config.toml keys {@code up} rewrote ("environment", "docker.volumes")
 * @param gitlab              how to open the local GitLab, in complete mode
 */
public record UpResult(Mode mode, Map<String, Outcome> containers, Outcome registration, Outcome runnerConfig,
                       List<String> runnerConfigChanges, Optional<GitLabAccess> gitlab) {

    /**
     * @param hostsLine   the /etc/hosts line needed to open the URL here, empty when the host name resolves
     * @param runnerState what {@code gitlab-runner verify} said: VERIFIED or NOT_VERIFIED
     */
    public record GitLabAccess(String url, String user, Path passwordFile, String hostsLine, Outcome runnerState) {}
}

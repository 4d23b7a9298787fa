package dev.runnerops.orchestrator.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code up} did.
 *
 * @param containers   container name to outcome ("created", "running, unchanged", ...)
 * @param registration "registered", "already registered" or why it was skipped
 * @param gitlab       how to open the local GitLab, in complete mode
 */
public record UpResult(Mode mode, Map<String, String> containers, String registration, Optional<GitLabAccess> gitlab) {

    /**
     * @param hostsLine the /etc/hosts line needed to open the URL here, empty when the host name resolves
     */
    public record GitLabAccess(String url, String user, Path passwordFile, String hostsLine, String runnerState) {}
}

package dev.runnerops.orchestrator.model;

import java.util.List;

/**
 * What {@code clean} removed, and what it left and why.
 *
 * @param runnersDeleted       runners the tool had created in GitLab and deleted there
 * @param managersUnregistered this host's runner managers unregistered from GitLab (runners that belong to the
 *                             user stay in GitLab)
 * @param leftInGitLab         what stays in GitLab because it could not be reached, each with the call that
 *                             removes it
 */
public record CleanResult(
        List<String> runnersDeleted,
        List<String> managersUnregistered,
        List<String> leftInGitLab,
        DownResult down,
        List<String> removedImages,
        List<String> keptImages,
        List<String> removedFiles,
        List<String> keptFiles) {}

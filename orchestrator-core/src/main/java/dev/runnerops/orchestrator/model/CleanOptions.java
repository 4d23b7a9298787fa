package dev.runnerops.orchestrator.model;

/**
 * @param removeState       also delete the files this tool created in the state folder (config.toml,
 *                          helper binaries, job Docker config, its secrets); never files it did not create
 * @param deleteGitLabData  also delete the local GitLab's config, logs and data folders: all its
 *                          repositories, users and runners
 */
public record CleanOptions(boolean removeState, boolean deleteGitLabData) {
    public static CleanOptions keepData() {
        return new CleanOptions(false, false);
    }
}

package dev.runnerops.orchestrator.state;

import java.nio.file.Path;

/**
 * Where every file the tool writes lives, under {@code project.state_dir}. One place, so that planning,
 * status and clean-up agree on the paths. The same layout describes the engine-side state, where {@code root}
 * and {@code gitlabRoot} are the data folders of the project's two volumes on the engine's host.
 *
 * @param gitlabRoot GitLab's config, logs and data: {@code root/gitlab} in the state folder
 */
public record StateLayout(Path root, Path gitlabRoot) {
    public StateLayout(Path root) {
        this(root, root.resolve("gitlab"));
    }

    /** Name of the root password file in GitLab's /etc/gitlab (the state folder's gitlab/config). */
    public static final String ROOT_PASSWORD_FILE_NAME = "orchestrator-root-password";

    /** Bind-mounted to /etc/gitlab-runner: holds config.toml. */
    public Path runnerConfigDir() {
        return root.resolve("runner/config");
    }

    public Path runnerConfigToml() {
        return runnerConfigDir().resolve("config.toml");
    }

    /** gitlab-runner's id for this host (its runner manager in GitLab), written by the runner itself. */
    public Path runnerSystemIdFile() {
        return runnerConfigDir().resolve(".runner_system_id");
    }

    /** The job-side Docker config.json (credHelpers / credsStore), mounted into every job. */
    public Path jobDockerConfig() {
        return root.resolve("runner/docker-config.json");
    }

    public Path jobClientCertsDir() {
        return root.resolve("runner/mounts/client-certs");
    }

    public Path jobCacheDir() {
        return root.resolve("runner/mounts/cache");
    }

    public Path helperDir() {
        return root.resolve("helper");
    }

    /**
     * A downloaded or built helper binary. {@code name} carries what makes the file unique (source, version,
     * platform, sum), so that no other one is ever reused in its place.
     */
    public Path helperBinary(String name) {
        return helperDir().resolve("docker-credential-ecr-login-" + name);
    }

    public Path gitlabConfigDir() {
        return gitlabRoot.resolve("config");
    }

    public Path gitlabLogsDir() {
        return gitlabRoot.resolve("logs");
    }

    public Path gitlabDataDir() {
        return gitlabRoot.resolve("data");
    }

    public Path gitlabDir() {
        return gitlabRoot;
    }

    /** Read by GitLab's first boot through GITLAB_OMNIBUS_CONFIG; inside the container at /etc/gitlab/. */
    public Path rootPasswordFile() {
        return gitlabConfigDir().resolve(ROOT_PASSWORD_FILE_NAME);
    }

    /** The AWS credentials file as the runner and jobs mount it, when it is copied to the engine. */
    public Path awsCredentials() {
        return root.resolve("aws/credentials");
    }

    /** Tokens the tool created in GitLab, kept so a re-run reuses them instead of creating more. */
    public Path secretsDir() {
        return root.resolve("secrets");
    }

    public Path personalAccessTokenFile() {
        return secretsDir().resolve("gitlab-create-runner-pat");
    }

    /** GitLab's id of the runner {@code up --complete} created, for the admin API ({@code status}). */
    public Path runnerIdFile() {
        return secretsDir().resolve("runner-id");
    }

    public Path runnerTokenFile() {
        return secretsDir().resolve("runner-authentication-token");
    }

    /** Book-keeping: images this project pulled, files it created. */
    public Path bookkeepingDir() {
        return root.resolve(".orchestrator");
    }

    public Path pulledImagesFile() {
        return bookkeepingDir().resolve("pulled-images");
    }

    public Path createdFilesFile() {
        return bookkeepingDir().resolve("created-files");
    }

    /** Held by the operation that changes the project; names its holder. */
    public Path lockFile() {
        return bookkeepingDir().resolve("lock");
    }
}

package dev.runnerops.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.config.TestConfigs;
import dev.runnerops.orchestrator.config.TokenKind;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackPlannerTest {
    private static final Path SOCKET = Path.of("/var/run/docker.sock");

    @TempDir
    Path dir;

    private static final HelperPlatform AMD64 = HelperPlatform.ofEngine("linux", "x86_64");
    private static final String RELEASE_FILE = "docker-credential-ecr-login-release-v0.11.0-linux-amd64-"
            + "d6b23f3b6dc2f6af875902844af3bbb0d6ac4980e4b3815640c9b2e2e34267ae";

    private static StackPlan plan(OrchestratorConfig config, Mode mode) {
        return StackPlanner.plan(config, mode, SOCKET, HelperPlan.of(config, AMD64));
    }

    private OrchestratorConfig config(String toml) throws IOException {
        return TestConfigs.load(dir, toml);
    }

    private OrchestratorConfig withCredentials(String extra) throws IOException {
        return config("""
                [project]
                name = "p1"
                state_dir = "state"
                [aws]
                credentials_file = "creds"
                region = "eu-west-1"
                ecr_registries = ["123456789012.dkr.ecr.eu-west-1.amazonaws.com"]
                """ + extra);
    }

    @Test
    void runnerContainerHasTheOriginalsMountsAndIsNotPrivileged() throws IOException {
        StackPlan plan = plan(withCredentials(""), Mode.RUNNER_ONLY);
        ContainerSpec runner = plan.runner();
        assertThat(plan.gitlab()).isEmpty();
        assertThat(runner.name()).isEqualTo("p1-runner");
        assertThat(runner.privileged()).isFalse();
        assertThat(runner.network()).isEqualTo("gitlab-ecr-network");
        assertThat(runner.mounts()).extracting(BindMount::toString).containsExactly(
                dir.resolve("state/runner/config") + ":/etc/gitlab-runner",
                "/var/run/docker.sock:/var/run/docker.sock",
                dir.resolve("creds") + ":/root/.aws/credentials:ro",
                dir.resolve("state/helper").resolve(RELEASE_FILE)
                        + ":/usr/local/bin/docker-credential-ecr-login:ro");
        assertThat(runner.labels()).containsEntry(Labels.PROJECT, "p1").containsEntry(Labels.SERVICE, "runner")
                .containsKey(Labels.CONFIG_HASH);
        assertThat(runner.env()).containsEntry("AWS_REGION", "eu-west-1");
        assertThat(plan.network().labels()).containsExactly(Map.entry(Labels.PROJECT, "p1"));
    }

    @Test
    void withoutCredentialsFileNothingIsMountedForIt() throws IOException {
        OrchestratorConfig c = config("[aws]\ncredentials_file = \"\"\n");
        StackPlan plan = plan(c, Mode.RUNNER_ONLY);
        assertThat(plan.runner().mounts()).extracting(BindMount::target).doesNotContain("/root/.aws/credentials");
        assertThat(plan.runnerConfig().runner().volumes()).noneMatch(v -> v.contains("/root/.aws/credentials"));
    }

    @Test
    void localHelperIsMountedFromItsOwnPath() throws IOException {
        OrchestratorConfig c = config("[helper]\nsource = \"local\"\nlocal_path = \"/usr/bin/docker-credential-ecr-login\"\n");
        StackPlan plan = plan(c, Mode.RUNNER_ONLY);
        assertThat(plan.helperBinary()).isEqualTo(Path.of("/usr/bin/docker-credential-ecr-login"));
        assertThat(plan.runner().mounts()).anyMatch(m -> m.source().equals(plan.helperBinary())
                && m.setting().equals("helper.local_path") && m.readOnly());
    }

    @Test
    void configHashIsStableAndFollowsChanges() throws IOException {
        String a = plan(withCredentials(""), Mode.RUNNER_ONLY).runner().configHash();
        String b = plan(withCredentials(""), Mode.RUNNER_ONLY).runner().configHash();
        String c = plan(withCredentials("[runner]\nimage = \"gitlab/gitlab-runner:v19.3.0\"\n"),
                Mode.RUNNER_ONLY).runner().configHash();
        assertThat(a).hasSize(64).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void registrationKeepsTheTokenOutOfArgv() throws IOException {
        StackPlan plan = plan(withCredentials("[gitlab]\nurl = \"https://gitlab.example.com\"\n"),
                Mode.RUNNER_ONLY);
        Secret token = Secret.of("glrt-0123456789abcdefghij");
        assertThat(RunnerRegistration.argv(plan.runnerConfig().runner(), token.tokenKind())).noneMatch(a -> a.contains("0123456789abcdefghij"))
                .containsSequence("--url", "https://gitlab.example.com")
                .containsSequence("--executor", "docker")
                .containsSequence("--docker-image", "alpine:3.22")
                .contains("--docker-privileged=true", "--non-interactive")
                .doesNotContain("--docker-network-mode", "--tag-list", "--locked", "--run-untagged");
        assertThat(RunnerRegistration.environment(token)).containsExactly(Map.entry("CI_SERVER_TOKEN", token.reveal()));
        assertThat(RunnerRegistration.environment(Secret.of("GR1348941legacy")))
                .containsExactly(Map.entry("REGISTRATION_TOKEN", "GR1348941legacy"));
    }

    @Test
    void jobsGetTheFiveVolumesWithDockerHostPathsAndTheAuthConfig() throws IOException {
        StackPlan plan = plan(withCredentials("[runner]\njob_volumes = [\"/srv/data:/data:ro\"]\n"),
                Mode.RUNNER_ONLY);
        Path state = dir.resolve("state");
        assertThat(plan.runnerConfig().runner().volumes()).containsExactly(
                state.resolve("runner/mounts/client-certs") + ":/certs/client",
                state.resolve("runner/mounts/cache") + ":/cache",
                state.resolve("runner/docker-config.json") + ":/root/.docker/config.json:ro",
                dir.resolve("creds") + ":/root/.aws/credentials:ro",
                state.resolve("helper").resolve(RELEASE_FILE) + ":/usr/local/bin/docker-credential-ecr-login:ro",
                "/srv/data:/data:ro");
        assertThat(plan.jobAuthJson())
                .isEqualTo("{\"credHelpers\":{\"123456789012.dkr.ecr.eu-west-1.amazonaws.com\":\"ecr-login\"}}");
        assertThat(plan.runnerConfig().runner().environment()).contains("DOCKER_AUTH_CONFIG=" + plan.jobAuthJson(),
                "AWS_REGION=eu-west-1");
    }

    @Test
    void credentialsStayOutOfJobsWhenNotShared() throws IOException {
        StackPlan plan = plan(withCredentials("share_credentials_with_jobs = false\n"),
                Mode.RUNNER_ONLY);
        assertThat(plan.runnerConfig().runner().volumes()).noneMatch(v -> v.contains("/root/.aws/credentials"));
        assertThat(plan.runner().mounts()).anyMatch(m -> m.target().equals("/root/.aws/credentials"));
    }

    @Test
    void completeModeAddsTheServerAndSharesItsNetworkWithJobs() throws IOException {
        StackPlan plan = plan(withCredentials(""), Mode.COMPLETE);
        ContainerSpec gitlab = plan.gitlab().orElseThrow();
        assertThat(plan.containers().get(0)).isSameAs(gitlab);
        assertThat(gitlab.hostname()).isEqualTo("gitlab-server");
        assertThat(gitlab.networkAliases()).containsExactly("gitlab-server");
        assertThat(gitlab.shmSizeBytes()).isEqualTo(256L << 20);
        assertThat(gitlab.ports()).extracting(PortBinding::toString)
                .containsExactly("127.0.0.1:8800->8800/tcp", "127.0.0.1:2200->22/tcp");
        assertThat(gitlab.env().get("GITLAB_OMNIBUS_CONFIG")).contains(
                "external_url 'http://gitlab-server:8800'",
                "gitlab_rails['gitlab_shell_ssh_port'] = 2200",
                "File.read('/etc/gitlab/orchestrator-root-password')");
        assertThat(gitlab.mounts()).extracting(BindMount::target)
                .containsExactly("/etc/gitlab", "/var/log/gitlab", "/var/opt/gitlab");
        assertThat(plan.runnerConfig().runner().url()).isEqualTo("http://gitlab-server:8800");
        assertThat(plan.runnerConfig().runner().networkMode()).isEqualTo("gitlab-ecr-network");
        // The runner is the same container in both modes: switching modes does not recreate it.
        assertThat(plan.runner().configHash())
                .isEqualTo(plan(withCredentials(""), Mode.RUNNER_ONLY).runner().configHash());
    }

    @Test
    void theSmallProfileAddsGitLabsMemoryConstrainedLinesAndTheUsersLinesComeLast() throws IOException {
        String small = plan(withCredentials(""), Mode.COMPLETE).gitlab().orElseThrow().env()
                .get("GITLAB_OMNIBUS_CONFIG");
        assertThat(small).contains("puma['worker_processes'] = 0\n", "sidekiq['concurrency'] = 10\n",
                "prometheus_monitoring['enable'] = false\n",
                "'MALLOC_CONF' => 'dirty_decay_ms:1000,muzzy_decay_ms:1000'",
                "'GITALY_COMMAND_SPAWN_MAX_PARALLEL' => '2'");
        String standard = plan(withCredentials("[server]\nprofile = \"standard\"\n"), Mode.COMPLETE).gitlab()
                .orElseThrow().env().get("GITLAB_OMNIBUS_CONFIG");
        assertThat(standard).contains("external_url 'http://gitlab-server:8800'")
                .doesNotContain("puma[", "sidekiq[", "prometheus_monitoring[", "gitaly[");
        // gitlab.rb is Ruby: of two assignments, the later one holds. The user's line comes after the profile's.
        String overridden = plan(withCredentials("[server]\nextra_omnibus_config = \"puma['worker_processes'] = 2\"\n"),
                Mode.COMPLETE).gitlab().orElseThrow().env().get("GITLAB_OMNIBUS_CONFIG");
        assertThat(overridden.lastIndexOf("puma['worker_processes'] = 2"))
                .isGreaterThan(overridden.indexOf("puma['worker_processes'] = 0"));
        assertThat(overridden.strip()).endsWith("puma['worker_processes'] = 2");
    }

    @Test
    void theHelpersFileNameSaysSourceVersionPlatformAndSum() throws IOException {
        OrchestratorConfig c = withCredentials("");
        HelperPlan arm = HelperPlan.of(c, HelperPlatform.ofEngine("linux", "aarch64"));
        assertThat(arm.binary().getFileName().toString()).isEqualTo("docker-credential-ecr-login-release-v0.11.0-"
                + "linux-arm64-b1ba09040f102606b49f7f352eb3d8908ac38186b8fe5dec3ad17ed7d6f6b86d");
        assertThat(arm.url()).hasValue("https://amazon-ecr-credential-helper-releases.s3.us-east-2.amazonaws.com/"
                + "0.11.0/linux-arm64/docker-credential-ecr-login");
        OrchestratorConfig built = withCredentials("[helper]\nsource = \"build\"\n");
        assertThat(HelperPlan.of(built, AMD64).binary().getFileName().toString())
                .isEqualTo("docker-credential-ecr-login-build-v0.11.0-linux-amd64");
        // Another architecture or sum is another file, so the runner is recreated with the right one.
        String sum = "0".repeat(64);
        OrchestratorConfig pinned = withCredentials("[helper]\nsha256 = \"" + sum.toUpperCase() + "\"\n");
        assertThat(HelperPlan.of(pinned, AMD64).binary().getFileName().toString()).endsWith("-linux-amd64-" + sum);
        assertThat(plan(c, Mode.RUNNER_ONLY).runner().configHash())
                .isNotEqualTo(StackPlanner.plan(c, Mode.RUNNER_ONLY, SOCKET, arm).runner().configHash());
    }

    @Test
    void legacyTokensGetTheTagsOnTheCommandLineAndGlrtTokensDoNot() throws IOException {
        StackPlan plan = plan(withCredentials("[runner]\ntags = [\"docker\", \"ecr\"]\n"),
                Mode.RUNNER_ONLY);
        assertThat(RunnerRegistration.argv(plan.runnerConfig().runner(), TokenKind.REGISTRATION))
                .containsSequence("--tag-list", "docker,ecr");
        assertThat(RunnerRegistration.argv(plan.runnerConfig().runner(), TokenKind.RUNNER_AUTHENTICATION))
                .doesNotContain("--tag-list");
    }

    @Test
    void theRunnerConfigCarriesConcurrent() throws IOException {
        assertThat(plan(withCredentials("[runner]\nconcurrent = 4\n"), Mode.RUNNER_ONLY)
                .runnerConfig().concurrent()).isEqualTo(4);
    }

    @Test
    void noRegistriesMeansCredsStore() {
        assertThat(JobAuthConfig.json(java.util.List.of())).isEqualTo("{\"credsStore\":\"ecr-login\"}");
    }
}

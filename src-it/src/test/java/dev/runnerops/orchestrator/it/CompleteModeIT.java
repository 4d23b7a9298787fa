package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.runnerops.orchestrator.model.CleanOptions;
import dev.runnerops.orchestrator.model.CleanResult;
import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.api.Orchestrator;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.model.UpResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.tomlj.Toml;

/**
 * {@code up --complete} against the gitlab-ce stand-in (slow first boot, health endpoints for loopback only,
 * the REST endpoints and gitlab-rails runner of the zero-touch flow): nothing typed, a registered runner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompleteModeIT {
    private TestProject project;
    private LocalRegistry registry;
    private String gitlabImage;
    private String hostname;
    private int httpPort;
    private int sshPort;

    @BeforeAll
    void setUp() throws Exception {
        project = TestProject.create();
        registry = new LocalRegistry();
        gitlabImage = registry.publish(StandIns.GITLAB, project.name, "gitlab-ce:19.4.1-ce.0");
        hostname = "gl-" + project.name.substring(TestDocker.PROJECT_PREFIX.length());
        httpPort = (Integer) project.get("server", "http_port");
        sshPort = (Integer) project.get("server", "ssh_port");
        project.set("server", "image", gitlabImage)
                .set("server", "hostname", hostname)
                .set("server", "environment", Map.of("STANDIN_BOOT_SECONDS", "3"))
                .set("server", "extra_omnibus_config", "sidekiq['concurrency'] = 20")
                .write();
    }

    @AfterAll
    void tearDown() throws Exception {
        project.close();
        registry.close();
    }

    private UpResult upComplete() {
        try (Orchestrator o = project.orchestrator()) {
            return o.up(Mode.COMPLETE);
        }
    }

    @Test
    @Order(1)
    void upCompleteStartsGitLabAndRegistersARunnerWithNothingTyped() throws Exception {
        UpResult result = upComplete();
        assertThat(result.registration()).isEqualTo(Outcome.REGISTERED);
        UpResult.GitLabAccess access = result.gitlab().orElseThrow();
        assertThat(access.url()).isEqualTo("http://" + hostname + ":" + httpPort);
        assertThat(access.user()).isEqualTo("root");
        assertThat(access.hostsLine()).isEqualTo("127.0.0.1 " + hostname);
        assertThat(access.runnerState()).isEqualTo(Outcome.VERIFIED);
        assertThat(project.events).anyMatch(e -> e instanceof ProgressEvent.Waiting w && w.step().kind() == StepKind.GITLAB_READY);

        InspectContainerResponse gitlab = TestDocker.inspect(project.gitlabContainer());
        assertThat(gitlab.getConfig().getHostName()).isEqualTo(hostname);
        String omnibus = env(gitlab).get("GITLAB_OMNIBUS_CONFIG");
        assertThat(omnibus).contains("external_url 'http://" + hostname + ":" + httpPort + "'",
                "gitlab_rails['gitlab_shell_ssh_port'] = " + sshPort,
                "gitlab_rails['initial_root_password'] = File.read('/etc/gitlab/orchestrator-root-password').strip");
        // server.profile = "small" (the default): GitLab's memory-constrained lines; the user's own
        // extra_omnibus_config comes after them, so its assignment is the one Ruby keeps.
        assertThat(omnibus).contains("puma['worker_processes'] = 0\n", "sidekiq['concurrency'] = 10\n",
                "prometheus_monitoring['enable'] = false\n");
        assertThat(omnibus.indexOf("sidekiq['concurrency'] = 20")).isGreaterThan(omnibus.indexOf("sidekiq['concurrency'] = 10"));
        assertThat(omnibus.strip()).endsWith("sidekiq['concurrency'] = 20");
        Map<ExposedPort, Ports.Binding[]> ports = gitlab.getHostConfig().getPortBindings().getBindings();
        assertThat(ports.get(ExposedPort.tcp(httpPort))).extracting(b -> b.getHostIp() + ":" + b.getHostPortSpec())
                .containsExactly("127.0.0.1:" + httpPort);
        assertThat(ports.get(ExposedPort.tcp(22))).extracting(b -> b.getHostIp() + ":" + b.getHostPortSpec())
                .containsExactly("127.0.0.1:" + sshPort);
        assertThat(gitlab.getHostConfig().getShmSize()).isEqualTo(256L << 20);
        Path state = project.state().root();
        assertThat(bindMounts(gitlab)).containsOnly(
                Map.entry("/etc/gitlab", state.resolve("gitlab/config").toString()),
                Map.entry("/var/log/gitlab", state.resolve("gitlab/logs").toString()),
                Map.entry("/var/opt/gitlab", state.resolve("gitlab/data").toString()));
        assertThat(gitlab.getNetworkSettings().getNetworks()).containsOnlyKeys(project.network());
        assertThat(gitlab.getNetworkSettings().getNetworks().get(project.network()).getAliases()).contains(hostname);
        InspectContainerResponse runner = TestDocker.inspect(project.runnerContainer());
        assertThat(runner.getNetworkSettings().getNetworks()).containsOnlyKeys(project.network());

        // config.toml: exactly one runner, with the token the stand-in issued, jobs on the server's network.
        var entries = Toml.parse(project.state().runnerConfigToml()).getArray("runners");
        assertThat(entries.size()).isEqualTo(1);
        var entry = entries.getTable(0);
        assertThat(entry.getString("url")).isEqualTo(access.url());
        assertThat(entry.getString("token")).startsWith("glrt-");
        assertThat(entry.getTable("docker").getString("network_mode")).isEqualTo(project.network());
        assertThat(issuedTokenDigests()).containsExactly(sha256(entry.getString("token")));

        // Secrets: 0600 files in the state folder; the root password is the one GitLab seeded.
        Path password = access.passwordFile();
        assertThat(password).isEqualTo(project.state().rootPasswordFile());
        assertThat(Files.readString(password).strip()).hasSizeGreaterThanOrEqualTo(16)
                .isEqualTo(Files.readString(state.resolve("gitlab/data/standin/root_password")).strip());
        for (Path secret : List.of(password, project.state().personalAccessTokenFile(), project.state().runnerTokenFile())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        }
        String rootPassword = Files.readString(password).strip();
        assertThat(env(gitlab).values()).noneMatch(v -> v.contains(rootPassword));
    }

    @Test
    @Order(2)
    void aSecondUpCompleteChangesNothing() throws Exception {
        String gitlabId = TestDocker.inspect(project.gitlabContainer()).getId();
        String runnerId = TestDocker.inspect(project.runnerContainer()).getId();
        byte[] config = Files.readAllBytes(project.state().runnerConfigToml());
        project.events.clear();
        UpResult result = upComplete();
        assertThat(result.registration()).isEqualTo(Outcome.ALREADY_REGISTERED);
        assertThat(result.containers().values()).containsOnly(Outcome.UNCHANGED);
        assertThat(TestDocker.inspect(project.gitlabContainer()).getId()).isEqualTo(gitlabId);
        assertThat(TestDocker.inspect(project.runnerContainer()).getId()).isEqualTo(runnerId);
        assertThat(Files.readAllBytes(project.state().runnerConfigToml())).isEqualTo(config);
        assertThat(project.outcomes(StepKind.RUNNER_TOKEN, "")).isEmpty();
        assertThat(issuedTokenDigests()).hasSize(1);
        // The personal access token of the first up still lists the runner's managers: none made.
        assertThat(project.events).noneMatch(e -> e instanceof ProgressEvent.Notice n
                && n.message().contains("new personal access token"));
    }

    @Test
    @Order(3)
    void statusShowsBothContainersWithPorts() throws Exception {
        TestProject.CliResult r = project.cli("status", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode status = new ObjectMapper().readTree(r.stdout());
        Map<String, JsonNode> byService = new java.util.HashMap<>();
        status.get("containers").forEach(c -> byService.put(c.get("service").asText(), c));
        assertThat(byService).containsOnlyKeys("gitlab", "runner");
        assertThat(byService.get("gitlab").get("ports").toString()).contains("127.0.0.1:" + httpPort + "->" + httpPort);
        assertThat(byService.get("gitlab").get("health").asText()).isIn("starting", "healthy");
        assertThat(status.get("runners").get(0).get("url").asText()).isEqualTo("http://" + hostname + ":" + httpPort);

        // GitLab's own list of the runner's managers: one, this host's, under the system id gitlab-runner keeps.
        String systemId = Files.readString(project.state().runnerSystemIdFile()).strip();
        assertThat(status.get("runnerSystemId").asText()).isEqualTo(systemId);
        JsonNode gitlab = status.get("gitlab");
        assertThat(gitlab.get("unavailable").asText()).isEmpty();
        assertThat(gitlab.get("managers")).hasSize(1);
        assertThat(gitlab.get("managers").get(0).get("systemId").asText()).isEqualTo(systemId);
        assertThat(gitlab.get("managers").get(0).get("status").asText()).isEqualTo("online");
        TestProject.CliResult text = project.cli("status");
        assertThat(text.exitCode()).as(text.all()).isZero();
        assertThat(text.stdout()).contains("GitLab's managers of runner #" + gitlab.get("runnerId").asLong() + ": 1")
                .containsPattern("\\Q" + systemId + "\\E  online .*\\(this host\\)");
        String pat = Files.readString(project.state().personalAccessTokenFile()).strip();
        assertThat(r.all() + text.all()).doesNotContain(pat);
    }

    @Test
    @Order(4)
    void aPersonalAccessTokenOfAnEarlierVersionIsRenewedByUpSoStatusCanListManagers() throws Exception {
        // Earlier versions made the token with scope create_runner only, which GitLab refuses for the list.
        String narrow = "glpat-narrow" + project.name.substring(TestDocker.PROJECT_PREFIX.length());
        var made = TestDocker.exec(project.gitlabContainer(), "gitlab-rails", "runner",
                "token = User.find_by_username('root').personal_access_tokens.create(scopes: ['create_runner'], "
                        + "name: 'earlier', expires_at: 1.day.from_now); token.set_token('" + narrow + "'); "
                        + "token.save!");
        assertThat(made.exitCode()).as(made.output()).isZero();
        Files.writeString(project.state().personalAccessTokenFile(), narrow + "\n");
        TestProject.CliResult before = project.cli("status");
        assertThat(before.stdout()).contains("GitLab's managers of the runner: unknown (GitLab no longer accepts");

        TestProject.CliResult up = project.cli("up", "--complete");
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.all()).contains("Made a new personal access token").doesNotContain(narrow);
        assertThat(Files.readString(project.state().personalAccessTokenFile()).strip()).isNotEqualTo(narrow);
        TestProject.CliResult after = project.cli("status");
        assertThat(after.stdout()).contains("GitLab's managers of runner #").contains("(this host)");
    }

    @Test
    @Order(5)
    void downKeepsDataAndTheNextUpAddsNoSecondRunner() throws Exception {
        TestProject.CliResult down = project.cli("down");
        assertThat(down.exitCode()).as(down.all()).isZero();
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
        assertThat(TestDocker.projectNetworks(project.name)).isEmpty();
        assertThat(project.state().gitlabDataDir().resolve("standin/seeded")).exists();

        UpResult again = upComplete();
        assertThat(again.registration()).isEqualTo(Outcome.ALREADY_REGISTERED);
        assertThat(again.containers().values()).containsOnly(Outcome.CREATED);
        assertThat(Toml.parse(project.state().runnerConfigToml()).getArray("runners").size()).isEqualTo(1);
        assertThat(issuedTokenDigests()).hasSize(1);
    }

    @Test
    @Order(6)
    void cleanWithoutTheFlagKeepsGitLabDataAndRemovesThePulledImage() throws Exception {
        CleanResult result;
        try (Orchestrator o = project.orchestrator()) {
            result = o.clean(CleanOptions.keepData());
        }
        assertThat(result.removedImages()).containsExactly(gitlabImage);
        assertThat(TestDocker.imageExists(gitlabImage)).isFalse();
        assertThat(TestDocker.imageExists(StandIns.GITLAB)).isTrue();
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
        assertThat(project.state().gitlabDataDir().resolve("standin/seeded")).exists();
        assertThat(project.state().rootPasswordFile()).exists();
    }

    @Test
    @Order(7)
    void cleanWithDeleteGitLabDataRemovesIt() throws Exception {
        assertThat(upComplete().registration()).isEqualTo(Outcome.REGISTERED); // clean unregistered it
        TestProject.CliResult r = project.cli("clean", "--delete-gitlab-data");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(project.state().gitlabDir()).doesNotExist();
        assertThat(project.state().personalAccessTokenFile()).doesNotExist();
        assertThat(project.state().runnerTokenFile()).doesNotExist();
        assertThat(project.state().runnerConfigToml()).exists(); // state files need --remove-state
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
    }

    private List<String> issuedTokenDigests() throws Exception {
        Path runners = project.state().gitlabDataDir().resolve("standin/runners");
        try (Stream<Path> dirs = Files.list(runners)) {
            return dirs.map(d -> d.resolve("token_sha256")).filter(Files::exists).map(p -> {
                try {
                    return Files.readString(p).strip();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.toList());
        }
    }

    static Map<String, String> env(InspectContainerResponse c) {
        return Stream.of(c.getConfig().getEnv()).collect(Collectors.toMap(
                e -> e.substring(0, e.indexOf('=')), e -> e.substring(e.indexOf('=') + 1), (a, b) -> b));
    }

    static Map<String, String> bindMounts(InspectContainerResponse c) {
        return c.getMounts().stream().filter(m -> m.getName() == null)
                .collect(Collectors.toMap(m -> m.getDestination().getPath(), m -> m.getSource()));
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes()));
    }
}

package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.runnerops.orchestrator.model.CleanOptions;
import dev.runnerops.orchestrator.model.CleanResult;
import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.api.Orchestrator;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.model.UpResult;
import dev.runnerops.orchestrator.plan.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The runner-only lifecycle against a real engine: up, a second up, a changed config, status, logs,
 * register, down, clean. The GitLab it registers with is the gitlab-ce stand-in on a network of its own,
 * which the project joins (network.external), as a runner beside an existing GitLab would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunnerOnlyIT {
    private TestProject project;
    private GitLabStandIn gitlab;
    private LocalRegistry registry;
    private String token;
    private String runnerImage;

    @BeforeAll
    void setUp() throws Exception {
        project = TestProject.create();
        gitlab = new GitLabStandIn(project.name, Map.of());
        registry = new LocalRegistry();
        token = gitlab.createRunnerToken();
        runnerImage = registry.publish(StandIns.RUNNER, project.name, "gitlab-runner:v19.4.1");
        project.env.put("IT_RUNNER_TOKEN", token);
        project.set("runner", "image", runnerImage)
                .set("network", "name", gitlab.networkName)
                .set("network", "external", true)
                .set("gitlab", "url", gitlab.url())
                .set("gitlab", "token", "${IT_RUNNER_TOKEN}")
                .write();
    }

    @AfterAll
    void tearDown() throws Exception {
        project.close();
        registry.close();
        gitlab.close();
    }

    @Test
    @Order(1)
    void upPullsStartsTheRunnerWithTheOriginalsMountsAndRegisters() throws Exception {
        UpResult result;
        try (Orchestrator o = project.orchestrator()) {
            result = o.up(Mode.RUNNER_ONLY);
        }
        assertThat(result.registration()).isEqualTo(Outcome.REGISTERED);
        assertThat(project.outcomes(StepKind.IMAGE, runnerImage)).containsExactly("pulled");
        assertThat(project.events).anyMatch(e -> e instanceof ProgressEvent.Transfer t && t.step().kind() == StepKind.IMAGE);

        InspectContainerResponse runner = TestDocker.inspect(project.runnerContainer());
        assertThat(runner.getState().getRunning()).isTrue();
        assertThat(runner.getHostConfig().getPrivileged()).isFalse();
        assertThat(runner.getHostConfig().getNetworkMode()).isEqualTo(gitlab.networkName);
        assertThat(runner.getConfig().getLabels()).containsEntry(Labels.PROJECT, project.name)
                .containsEntry(Labels.SERVICE, "runner").containsKey(Labels.CONFIG_HASH);
        // Bind mounts only: the image's VOLUME /home/gitlab-runner adds an anonymous volume, as the real one does.
        Map<String, String> mounts = runner.getMounts().stream().filter(m -> m.getName() == null).collect(Collectors.toMap(
                m -> m.getDestination().getPath(), m -> m.getSource() + (Boolean.TRUE.equals(m.getRW()) ? ":rw" : ":ro")));
        assertThat(mounts).containsOnly(
                Map.entry("/etc/gitlab-runner", project.state().runnerConfigDir() + ":rw"),
                Map.entry("/var/run/docker.sock", "/var/run/docker.sock:rw"),
                Map.entry("/root/.aws/credentials", project.credentials + ":ro"),
                Map.entry("/usr/local/bin/docker-credential-ecr-login", "/usr/bin/docker-credential-ecr-login:ro"));

        // The helper runs inside the runner container, as the Docker executor will run it.
        TestDocker.ExecOutput version = TestDocker.exec(project.runnerContainer(), "docker-credential-ecr-login", "version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).containsPattern("\\d+\\.\\d+\\.\\d+");

        TomlTable entry = singleRunner();
        assertThat(entry.getString("name")).isEqualTo(project.name + "-runner");
        assertThat(entry.getString("url")).isEqualTo(gitlab.url());
        assertThat(entry.getString("token")).isEqualTo(token);
        assertThat(entry.getString("executor")).isEqualTo("docker");
        assertThat(entry.getTable("docker").getString("image")).isEqualTo("alpine:3.22");
        assertThat(entry.getTable("docker").getBoolean("privileged")).isTrue();
        assertThat(entry.getTable("docker").getString("network_mode")).isEqualTo(gitlab.networkName);
        Path state = project.state().root();
        assertThat(entry.getTable("docker").getArray("volumes").toList()).containsExactly(
                state.resolve("runner/mounts/client-certs") + ":/certs/client",
                state.resolve("runner/mounts/cache") + ":/cache",
                state.resolve("runner/docker-config.json") + ":/root/.docker/config.json:ro",
                project.credentials + ":/root/.aws/credentials:ro",
                "/usr/bin/docker-credential-ecr-login:/usr/local/bin/docker-credential-ecr-login:ro");
        String auth = "{\"credHelpers\":{\"123456789012.dkr.ecr.eu-west-1.amazonaws.com\":\"ecr-login\"}}";
        assertThat(entry.getArray("environment").toList()).contains("DOCKER_AUTH_CONFIG=" + auth, "AWS_REGION=eu-west-1");
        assertThat(Files.readString(project.state().jobDockerConfig())).isEqualTo(auth + "\n");
        assertThat(Files.isDirectory(project.state().jobCacheDir())).isTrue();

        // The token went in through the exec's environment: not in the container's config, argv or output.
        assertThat(runner.getConfig().getEnv()).noneMatch(e -> e.contains(token));
        assertThat(String.join(" ", runner.getArgs())).doesNotContain(token);
        assertThat(String.join("\n", logs(project.runnerContainer()))).doesNotContain(token);
        assertThat(gitlab.runners()).hasSize(1);
    }

    @Test
    @Order(2)
    void aSecondUpChangesNothing() throws Exception {
        String idBefore = TestDocker.inspect(project.runnerContainer()).getId();
        byte[] configBefore = Files.readAllBytes(project.state().runnerConfigToml());
        project.events.clear();
        UpResult result;
        try (Orchestrator o = project.orchestrator()) {
            result = o.up(Mode.RUNNER_ONLY);
        }
        assertThat(result.registration()).isEqualTo(Outcome.ALREADY_REGISTERED);
        assertThat(result.containers()).containsEntry(project.runnerContainer(), Outcome.UNCHANGED);
        assertThat(TestDocker.inspect(project.runnerContainer()).getId()).isEqualTo(idBefore);
        assertThat(Files.readAllBytes(project.state().runnerConfigToml())).isEqualTo(configBefore);
        assertThat(project.outcomes(StepKind.IMAGE, "")).containsExactly("present");
        assertThat(project.events).noneMatch(e -> e instanceof ProgressEvent.Transfer);
    }

    @Test
    @Order(3)
    void aChangedSettingRecreatesTheRunnerAndKeepsItsRegistration() throws Exception {
        InspectContainerResponse before = TestDocker.inspect(project.runnerContainer());
        project.set("runner", "restart", "unless-stopped").write();
        UpResult result;
        try (Orchestrator o = project.orchestrator()) {
            result = o.up(Mode.RUNNER_ONLY);
        }
        InspectContainerResponse after = TestDocker.inspect(project.runnerContainer());
        assertThat(result.containers().get(project.runnerContainer())).isEqualTo(Outcome.RECREATED);
        assertThat(after.getId()).isNotEqualTo(before.getId());
        assertThat(after.getHostConfig().getRestartPolicy().getName()).isEqualTo("unless-stopped");
        assertThat(after.getConfig().getLabels().get(Labels.CONFIG_HASH))
                .isNotEqualTo(before.getConfig().getLabels().get(Labels.CONFIG_HASH));
        assertThat(result.registration()).isEqualTo(Outcome.ALREADY_REGISTERED);
        singleRunner();
    }

    @Test
    @Order(4)
    void aTagPulledAgainRecreatesTheRunner() throws Exception {
        InspectContainerResponse before = TestDocker.inspect(project.runnerContainer());
        // A new image under the same tag, as a later `docker pull` of a moved tag would leave it.
        String repository = runnerImage.substring(0, runnerImage.lastIndexOf(':'));
        String newImageId = TestDocker.client().commitCmd(before.getId()).withRepository(repository)
                .withTag(runnerImage.substring(runnerImage.lastIndexOf(':') + 1)).exec();
        UpResult result;
        try (Orchestrator o = project.orchestrator()) {
            result = o.up(Mode.RUNNER_ONLY);
        }
        assertThat(result.containers()).containsEntry(project.runnerContainer(), Outcome.RECREATED);
        assertThat(project.outcomes(StepKind.CONTAINER, project.runnerContainer())).contains("recreated (image changed)");
        InspectContainerResponse after = TestDocker.inspect(project.runnerContainer());
        assertThat(after.getImageId()).isEqualTo(newImageId).isNotEqualTo(before.getImageId());
        assertThat(result.registration()).isEqualTo(Outcome.ALREADY_REGISTERED);
    }

    @Test
    @Order(5)
    void statusReportsContainersRegistrationAndHelper() throws Exception {
        TestProject.CliResult json = project.cli("status", "--json");
        assertThat(json.exitCode()).as(json.all()).isZero();
        JsonNode status = new ObjectMapper().readTree(json.stdout());
        assertThat(status.get("containers")).hasSize(1);
        assertThat(status.get("containers").get(0).get("state").asText()).isEqualTo("running");
        assertThat(status.get("containers").get(0).get("image").asText()).isEqualTo(runnerImage);
        assertThat(status.get("runners").get(0).get("maskedToken").asText()).isEqualTo(token.substring(0, 8) + "…");
        assertThat(status.get("helper").get("present").asBoolean()).isTrue();
        assertThat(json.all()).doesNotContain(token);

        TestProject.CliResult text = project.cli("status");
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout()).contains(project.runnerContainer(), "running", gitlab.url()).doesNotContain(token);
    }

    @Test
    @Order(6)
    void logsArePrefixedWithTheService() throws Exception {
        TestProject.CliResult logs = project.cli("logs", "--tail", "5", "runner");
        assertThat(logs.exitCode()).as(logs.all()).isZero();
        List<String> lines = logs.stdout().lines().toList();
        assertThat(lines).isNotEmpty().allMatch(l -> l.startsWith("runner | "));
        assertThat(lines.size()).isLessThanOrEqualTo(5);
    }

    @Test
    @Order(7)
    void registerAloneFindsTheRunnerAlreadyRegistered() throws Exception {
        TestProject.CliResult r = project.cli("register");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("already registered");
        singleRunner();
    }

    @Test
    @Order(8)
    void downRemovesContainersAndKeepsState() throws Exception {
        TestProject.CliResult down = project.cli("down");
        assertThat(down.exitCode()).as(down.all()).isZero();
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
        // An external network belongs to someone else: down leaves it.
        assertThat(TestDocker.client().listNetworksCmd().withNameFilter(gitlab.networkName).exec()).isNotEmpty();
        assertThat(project.state().runnerConfigToml()).exists();
        assertThat(project.state().jobDockerConfig()).exists();
        TestProject.CliResult again = project.cli("down");
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout()).contains("nothing to remove");
    }

    @Test
    @Order(9)
    void cleanUnregistersAndRemovesOnlyThePulledImage() throws Exception {
        CleanResult result;
        int runnersInGitLab;
        try (Orchestrator o = project.orchestrator()) {
            o.up(Mode.RUNNER_ONLY);
            runnersInGitLab = gitlab.runners().size();
            result = o.clean(CleanOptions.keepData());
        }
        assertThat(result.managersUnregistered()).containsExactly(project.name + "-runner @ " + gitlab.url());
        assertThat(result.runnersDeleted()).isEmpty();
        // The runner came from the user's own token: it stays in GitLab, only this host's manager went.
        assertThat(gitlab.runners()).hasSize(runnersInGitLab);
        assertThat(project.events).anyMatch(e -> e instanceof ProgressEvent.Notice n
                && n.message().contains("stays in GitLab"));
        // gitlab-runner unregister removed the entry (and, for a glrt- runner, its manager in GitLab).
        assertThat(runners()).isEmpty();
        assertThat(result.removedImages()).containsExactly(runnerImage);
        assertThat(TestDocker.imageExists(runnerImage)).isFalse();
        assertThat(TestDocker.imageExists(StandIns.RUNNER)).isTrue();
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
        assertThat(project.state().runnerConfigToml()).exists();
    }

    @Test
    @Order(10)
    void cleanWithRemoveStateDeletesOnlyFilesItCreated() throws Exception {
        Path userFile = project.state().jobCacheDir().resolve("kept-by-user.txt");
        Files.writeString(userFile, "mine");
        TestProject.CliResult r = project.cli("clean", "--remove-state");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(project.state().runnerConfigToml()).doesNotExist();
        assertThat(project.state().jobDockerConfig()).doesNotExist();
        assertThat(project.state().jobClientCertsDir()).doesNotExist();
        assertThat(userFile).hasContent("mine");
        assertThat(r.stdout()).contains("kept " + project.state().jobCacheDir());
    }

    private List<TomlTable> runners() throws Exception {
        TomlParseResult toml = Toml.parse(project.state().runnerConfigToml());
        assertThat(toml.errors()).isEmpty();
        TomlArray array = toml.getArray("runners");
        List<TomlTable> out = new java.util.ArrayList<>();
        for (int i = 0; array != null && i < array.size(); i++) {
            out.add(array.getTable(i));
        }
        return out;
    }

    private TomlTable singleRunner() throws Exception {
        List<TomlTable> runners = runners();
        assertThat(runners).hasSize(1);
        return runners.get(0);
    }

    static List<String> logs(String container) throws InterruptedException {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        TestDocker.client().logContainerCmd(container).withStdOut(true).withStdErr(true).withTailAll()
                .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                    @Override
                    public void onNext(com.github.dockerjava.api.model.Frame frame) {
                        lines.add(new String(frame.getPayload()));
                    }
                }).awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
        return lines;
    }

    static List<String> names(List<Container> containers) {
        return containers.stream().map(c -> c.getNames()[0]).toList();
    }
}

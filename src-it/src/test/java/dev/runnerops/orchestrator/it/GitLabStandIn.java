package dev.runnerops.orchestrator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * An existing GitLab for runner-only tests: the gitlab-ce stand-in, started by Testcontainers on a network
 * of its own that the project joins as {@code network.external}, reachable there as http://gitlab.it.
 */
final class GitLabStandIn implements AutoCloseable {
    static final String ALIAS = "gitlab.it";
    private static final ObjectMapper JSON = new ObjectMapper();

    final String networkName;
    private final String networkId;
    private final GenericContainer<?> container;
    private String adminToken;

    GitLabStandIn(String project, Map<String, String> env) {
        networkName = project + "-gitlab-net";
        networkId = TestDocker.client().createNetworkCmd().withName(networkName).withDriver("bridge")
                .withLabels(Map.of(TestDocker.TEST_LABEL, TestDocker.PROJECT_PREFIX)).exec().getId();
        container = new GenericContainer<>(DockerImageName.parse(StandIns.GITLAB))
                .withNetwork(new ExistingNetwork(networkId))
                .withNetworkAliases(ALIAS)
                .withEnv("GITLAB_OMNIBUS_CONFIG", "external_url 'http://" + ALIAS + "'")
                .withEnv("STANDIN_BOOT_SECONDS", "0")
                .withEnv(env)
                .withLabel(TestDocker.TEST_LABEL, TestDocker.PROJECT_PREFIX)
                .withExposedPorts(80)
                .waitingFor(Wait.forHttp("/help").forPort(80).forStatusCode(200));
        container.start();
    }

    String url() {
        return "http://" + ALIAS;
    }

    /** The port published on this machine (every address), for clients outside its network. */
    int publishedPort() {
        return container.getMappedPort(80);
    }

    String hostUrl() {
        return "http://localhost:" + container.getMappedPort(80);
    }

    String containerName() {
        return container.getContainerName().replaceFirst("^/", "");
    }

    /** Creates a runner as a user would in GitLab's UI, and returns its glrt- token. */
    String createRunnerToken() throws Exception {
        String token = adminToken();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(hostUrl() + "/api/v4/user/runners"))
                .header("PRIVATE-TOKEN", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("runner_type=instance_type&description=it")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("stand-in refused to create a runner: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("token").asText();
    }

    /** Runs a command in the stand-in and returns its stdout, trimmed. */
    String exec(String... cmd) throws Exception {
        var r = container.execInContainer(cmd);
        if (r.getExitCode() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r.getStderr());
        }
        return r.getStdout().strip();
    }

    /** Runners GitLab knows ({@code GET /api/v4/runners/all}, admin). */
    List<JsonNode> runners() throws Exception {
        return getList("/api/v4/runners/all");
    }

    /**
     * The managers of one runner ({@code GET /api/v4/runners/:id/managers}, admin): one per host that registered
     * or verified with the runner's token, each with its {@code system_id}, {@code contacted_at} and {@code status}.
     */
    List<JsonNode> managers(long runnerId) throws Exception {
        return getList("/api/v4/runners/" + runnerId + "/managers");
    }

    /** All runner managers, over every runner GitLab knows. */
    int managerCount() throws Exception {
        int n = 0;
        for (JsonNode runner : runners()) {
            n += managers(runner.get("id").asLong()).size();
        }
        return n;
    }

    private List<JsonNode> getList(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hostUrl() + path))
                        .header("PRIVATE-TOKEN", adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        List<JsonNode> out = new java.util.ArrayList<>();
        JSON.readTree(r.body()).forEach(out::add);
        return out;
    }

    /**
     * A CI job as the stand-in reports it ({@code GET /api/v4/standin/jobs/:id}): status pending, running, success or
     * failed; failureReason and exitCode as the runner reported them (null until it failed); trace is the job log the
     * runner sent, with its timestamps, section markers and ANSI colours.
     */
    record Job(long id, String status, String failureReason, Integer exitCode, String trace) {
        boolean finished() {
            return "success".equals(status) || "failed".equals(status);
        }
    }

    /**
     * Queues a job, as a pipeline would in GitLab (stand-in only: {@code POST /api/v4/standin/jobs}); the next
     * runner that asks for work gets it, runs {@code script} in {@code image} and reports back. Returns its id.
     */
    long createJob(String image, List<String> script, Map<String, String> variables) throws Exception {
        return createJob(image, script, variables, null);
    }

    /** Like {@link #createJob(String, List, Map)}, with the job's {@code image: pull_policy} (null: the runner's). */
    long createJob(String image, List<String> script, Map<String, String> variables, List<String> pullPolicy)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", image);
        body.put("script", script);
        body.put("variables", variables);
        if (pullPolicy != null) {
            body.put("pull_policy", pullPolicy);
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(hostUrl() + "/api/v4/standin/jobs"))
                .header("PRIVATE-TOKEN", adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("stand-in refused to create a job: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("id").asLong();
    }

    /** The job's current state. */
    Job job(long id) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(hostUrl() + "/api/v4/standin/jobs/" + id))
                .header("PRIVATE-TOKEN", adminToken()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no job " + id + ": " + r.statusCode() + " " + r.body());
        }
        JsonNode j = JSON.readTree(r.body());
        return new Job(id, j.get("status").asText(),
                j.get("failure_reason").isNull() ? null : j.get("failure_reason").asText(),
                j.get("exit_code").isNull() ? null : j.get("exit_code").asInt(),
                j.get("trace").asText());
    }

    /**
     * Waits until the job is finished (success or failed) and returns it; fails with its last state when that has
     * not happened within {@code timeout} (a bound, not a pace: it returns as soon as the job is finished).
     */
    Job awaitJob(long id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Job j = job(id);
        while (!j.finished()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " not finished after " + timeout + ": " + j.status()
                        + "\n" + j.trace());
            }
            Thread.sleep(250);
            j = job(id);
        }
        return j;
    }

    private String adminToken() throws Exception {
        if (adminToken == null) {
            String token = "glpat-it" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
            var result = container.execInContainer("gitlab-rails", "runner",
                    "token = User.find_by_username('root').personal_access_tokens.create(scopes: ['create_runner', 'api'], "
                            + "name: 'it', expires_at: 1.day.from_now); token.set_token('" + token + "'); token.save!");
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("gitlab-rails runner failed: " + result.getStderr());
            }
            adminToken = token;
        }
        return adminToken;
    }

    @Override
    public void close() {
        container.stop();
        TestDocker.client().removeNetworkCmd(networkId).exec();
    }

    /** A network created outside Testcontainers, handed to it by id. */
    private record ExistingNetwork(String id) implements Network {
        @Override
        public String getId() {
            return id;
        }

        @Override
        public void close() {
            // removed by GitLabStandIn.close, after the container
        }
    }
}

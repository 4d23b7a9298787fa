package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.tomlj.Toml;
import org.tomlj.TomlTable;

/**
 * The product's purpose, end to end: a CI job whose image lives in a private ECR registry is pulled with the
 * credential the helper gets from the (fake) ECR API, by the runner's Docker executor and by a docker CLI in a
 * job container; and {@code doctor} proves the path, or names what breaks it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EcrPathIT {
    private TestProject project;
    private GitLabStandIn gitlab;
    private EcrTestBed bed;

    @BeforeAll
    void setUp() throws Exception {
        project = TestProject.create();
        gitlab = new GitLabStandIn(project.name, Map.of());
        bed = EcrTestBed.start(EcrTestBed.DEFAULT_ACCOUNT, EcrTestBed.DEFAULT_REGION, gitlab.networkName);
        Files.writeString(project.credentials, bed.awsCredentials());
        // The runner image installs a CA found at CA_CERTIFICATES_PATH (/etc/gitlab-runner/certs/ca.crt).
        Path certs = project.state().runnerConfigDir().resolve("certs");
        Files.createDirectories(certs);
        Files.copy(bed.caCertificate(), certs.resolve("ca.crt"));
        project.env.put("IT_RUNNER_TOKEN", gitlab.createRunnerToken());
        project.set("network", "name", gitlab.networkName).set("network", "external", true)
                .set("gitlab", "url", gitlab.url()).set("gitlab", "token", "${IT_RUNNER_TOKEN}")
                .set("aws", "region", bed.region())
                .set("aws", "ecr_registries", List.of(bed.registryHost()))
                // This machine's engine cannot start privileged containers ("unable to apply caps"): jobs run
                // unprivileged here; the executor's pull, the part under test, is the same either way.
                .set("runner", "privileged", false)
                // Job images here trust the test CA as real ones trust AWS's: a CA bundle for every job.
                .set("runner", "job_volumes", List.of(bed.caCertificate() + ":/etc/ssl/certs/ca-certificates.crt:ro"))
                .write();
        TestProject.CliResult up = project.cli("up");
        assertThat(up.exitCode()).as(up.all()).isZero();
    }

    @AfterAll
    void tearDown() throws Exception {
        project.cli("down");
        project.close();
        bed.close();
        gitlab.close();
    }

    private GitLabStandIn.Job runJob() throws Exception {
        long id = gitlab.createJob(bed.imageReference(), List.of("echo job-ran-with-$CI_JOB_ID"), Map.of());
        return gitlab.awaitJob(id, Duration.ofMinutes(3));
    }

    private TomlTable runnerEntry() throws Exception {
        return Toml.parse(project.state().runnerConfigToml()).getArray("runners").getTable(0);
    }

    @Test
    @Order(1)
    void aJobImageFromTheEcrRegistryIsPulledWithTheHelpersCredentialAndTheJobRuns() throws Exception {
        bed.removeLocalImage();
        GitLabStandIn.Job job = runJob();
        assertThat(job.status()).as(job.trace()).isEqualTo("success");
        assertThat(job.trace()).contains("Authenticating with credentials from $DOCKER_AUTH_CONFIG", "job-ran-with-");
        assertThat(bed.awaitManifestReadBy("AWS", line -> true)).as("the registry saw a pull by user AWS").isNotNull();
        assertThat(bed.ecrApiLog()).anyMatch(l -> l.contains(bed.accessKeyId()));
    }

    @Test
    @Order(2)
    void doctorPassesOnTheHappyPath() throws Exception {
        TestProject.CliResult r = project.cli("doctor");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("[ ok ] registry " + bed.registryHost() + ": ", "user AWS",
                "[ ok ] registry " + bed.registryHost() + " (job container): ", "[ ok ] registration: ",
                "[ ok ] config.toml: ", "all checks passed");
        assertThat(r.all()).doesNotContain(bed.awsCredentials().lines().filter(l -> l.contains("secret"))
                .map(l -> l.substring(l.indexOf('=') + 1).strip()).findFirst().orElseThrow());
        JsonNode json = new ObjectMapper().readTree(project.cli("doctor", "--json").stdout());
        assertThat(json.get("checks")).isNotEmpty().allMatch(c -> !c.get("status").asText().equals("FAIL"));
        assertThat(TestDocker.projectContainers(project.name)).hasSize(1); // the probe is gone again
    }

    @Test
    @Order(3)
    void aDockerCliInAJobContainerPullsThroughConfigJsonAndTheMountedHelper() throws Exception {
        bed.removeLocalImage();
        List<Bind> binds = new ArrayList<>();
        for (Object volume : runnerEntry().getArray("docker.volumes").toList()) {
            binds.add(Bind.parse(volume.toString()));
        }
        binds.add(Bind.parse("/var/run/docker.sock:/var/run/docker.sock"));
        var client = TestDocker.client();
        String id = client.createContainerCmd(StandIns.DOCKER_CLI)
                .withCmd("docker", "pull", bed.imageReference())
                .withLabels(Map.of(TestDocker.TEST_LABEL, TestDocker.PROJECT_PREFIX))
                .withHostConfig(HostConfig.newHostConfig().withBinds(binds).withNetworkMode(gitlab.networkName))
                .exec().getId();
        try {
            client.startContainerCmd(id).exec();
            int code = client.waitContainerCmd(id).start().awaitStatusCode(120, TimeUnit.SECONDS);
            String logs = TestDocker.logs(id);
            assertThat(code).as(logs).isZero();
            assertThat(logs).contains("Downloaded newer image for " + bed.imageReference());
        } finally {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        }
        assertThat(bed.awaitManifestReadBy("AWS", l -> l.contains("Docker-Client/20.10"))).isNotNull();
    }

    @Test
    @Order(4)
    void doctorNamesAJobImageWhoseRegistryIsNotListed() throws Exception {
        String other = "999999999999.dkr.ecr." + bed.region() + ".amazonaws.com/team/app:1";
        TestProject.CliResult r = project.cli("doctor", "--image", other);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("[FAIL] image " + other + ": registry 999999999999.dkr.ecr."
                + bed.region() + ".amazonaws.com is not in aws.ecr_registries", "fix: Add \"999999999999.dkr.ecr.");
    }

    @Test
    @Order(5)
    void withUnknownKeysTheJobFailsAndDoctorNamesTheRegistryAndTheHelpersError() throws Exception {
        Files.writeString(project.credentials, bed.unknownAwsCredentials()); // in place: the mount sees it
        // The helper caches tokens for 12 hours; a host whose keys changed meets them once the cache expired.
        TestDocker.exec(project.runnerContainer(), "rm", "-f", "/root/.ecr/cache.json");
        bed.removeLocalImage();
        GitLabStandIn.Job job = runJob();
        assertThat(job.status()).isEqualTo("failed");
        assertThat(job.trace()).contains("no basic auth credentials");

        TestProject.CliResult r = project.cli("doctor");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("[FAIL] registry " + bed.registryHost() + ": ",
                "credentials not found in native keychain",
                "UnrecognizedClientException: The security token included in the request is invalid.",
                "fix: AWS does not know the access key id");
        Files.writeString(project.credentials, bed.awsCredentials());
    }

    @Test
    @Order(6)
    void doctorNamesACredentialsFileMissingInsideTheRunnerContainer() throws Exception {
        project.set("aws", "credentials_file", "").write();
        assertThat(project.cli("up").exitCode()).isZero(); // the runner, recreated without the mount
        project.set("aws", "credentials_file", project.credentials.toString()).write();
        TestProject.CliResult r = project.cli("doctor");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("[FAIL] AWS credentials: /root/.aws/credentials is missing or unreadable",
                "[FAIL] runner container: ", "lacks the mounts", "/root/.aws/credentials:ro",
                "[skip] registry " + bed.registryHost());
        assertThat(project.cli("up").exitCode()).isZero();
    }

    @Test
    @Order(7)
    void doctorNamesARunnerThatIsNotRegistered() throws Exception {
        Files.writeString(project.state().runnerConfigToml(), "concurrent = 1\n");
        TestProject.CliResult r = project.cli("doctor");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("[FAIL] registration: config.toml has no runner", "fix: Set gitlab.url and "
                + "gitlab.token");
    }
}

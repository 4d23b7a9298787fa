package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.runnerops.orchestrator.plan.Labels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shaded CLI against a remote engine: the second engine of scripts/lib/second-engine.sh (TCP with
 * --tlsverify), reached through DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH and through Docker contexts
 * made by the real docker CLI, with the docker CLI's precedence. The project's runner container exists on both
 * engines, created-only on the first and running on the second, so every answer shows which engine was asked.
 * Only status and down: up still bind-mounts local paths (engine-side state comes next).
 */
class RemoteEngineIT {
    private TestProject project;
    private SecondEngine second;
    private Path dockerConfig;

    @BeforeEach
    void setUp() throws Exception {
        second = SecondEngine.require();
        project = TestProject.create();
        dockerConfig = Files.createDirectory(project.dir.resolve("docker-config"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (project != null) {
            second.removeProject(project.name);
            project.close();
        }
    }

    /** The project's runner: running on the second engine, only created on the first; a labelled network there. */
    private void runnerOnBothEngines() {
        Map<String, String> labels = Map.of(Labels.PROJECT, project.name, Labels.SERVICE, "runner");
        DockerClient remote = second.client();
        assertThat(remote.listImagesCmd().withReferenceFilter(StandIns.RUNNER).exec())
                .as("%s on the second engine (scripts/lib/second-engine.sh start copies it)", StandIns.RUNNER)
                .isNotEmpty();
        remote.createNetworkCmd().withName(project.network()).withLabels(Map.of(Labels.PROJECT, project.name)).exec();
        String id = remote.createContainerCmd(StandIns.RUNNER).withName(project.runnerContainer()).withLabels(labels)
                .withEntrypoint("sleep").withCmd("3600").exec().getId();
        remote.startContainerCmd(id).exec();
        TestDocker.client().createContainerCmd(StandIns.RUNNER).withName(project.runnerContainer())
                .withLabels(labels).withEntrypoint("sleep").withCmd("3600").exec();
    }

    /** The environment of a CLI run: only what is given, every other Docker variable empty (= unset). */
    private Map<String, String> env(Map<String, String> given) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String v : List.of("DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_TLS", "DOCKER_CERT_PATH",
                "DOCKER_CONTEXT")) {
            env.put(v, "");
        }
        env.put("DOCKER_CONFIG", dockerConfig.toString());
        env.putAll(given);
        return env;
    }

    private void assertRunningOnTheSecondEngine(TestProject.CliResult r) {
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.all()).doesNotContain("NoClassDefFoundError", "Exception");
        assertThat(r.stdout()).containsPattern("runner +" + project.runnerContainer() + " +running");
        assertThat(r.stdout()).contains("network " + project.network() + ": present");
    }

    private void assertDownRemovedOnlyTheSecondEnginesContainers(TestProject.CliResult r) {
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(second.projectContainers(project.name)).isEmpty();
        assertThat(second.projectNetworks(project.name)).isEmpty();
        assertThat(TestDocker.projectContainers(project.name)).hasSize(1); // the first engine's: untouched
    }

    @Test
    void statusAndDownThroughDockerHostWithTls() throws Exception {
        runnerOnBothEngines();
        assertRunningOnTheSecondEngine(project.cli(env(second.dockerEnv()), "status"));
        assertDownRemovedOnlyTheSecondEnginesContainers(project.cli(env(second.dockerEnv()), "down"));
        TestProject.CliResult again = project.cli(env(second.dockerEnv()), "status");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.stdout()).contains("no containers (run up)");
    }

    /** `docker context create NAME --docker host=...,ca=...,cert=...,key=...` with the real docker CLI. */
    private void dockerContext(String name) throws Exception {
        docker("context", "create", name, "--docker", "host=" + second.host + ",ca=" + second.certs.resolve("ca.pem")
                + ",cert=" + second.certs.resolve("cert.pem") + ",key=" + second.certs.resolve("key.pem"));
    }

    private void docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env(Map.of()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("docker %s: %s", String.join(" ", args), out).isZero();
    }

    @Test
    void contextsByFlagByDockerContextAndByCurrentContext() throws Exception {
        runnerOnBothEngines();
        String context = project.name + "-ctx";
        dockerContext(context);
        // the flag beats DOCKER_HOST, even one that points nowhere
        Path nowhere = project.dir.resolve("no-engine.sock");
        assertRunningOnTheSecondEngine(project.cli(env(Map.of("DOCKER_HOST", "unix://" + nowhere)),
                "--context", context, "status"));
        assertRunningOnTheSecondEngine(project.cli(env(Map.of("DOCKER_CONTEXT", context)), "status"));
        // DOCKER_HOST beats DOCKER_CONTEXT
        TestProject.CliResult hostWins = project.cli(env(Map.of("DOCKER_CONTEXT", context,
                "DOCKER_HOST", "unix://" + nowhere)), "status");
        assertThat(hostWins.exitCode()).as(hostWins.all()).isEqualTo(4);
        assertThat(hostWins.stderr()).contains("Cannot reach the Docker engine at unix://" + nowhere);
        // `docker context use` writes currentContext into config.json; nothing else set
        docker("context", "use", context);
        assertThat(Files.readString(dockerConfig.resolve("config.json"))).contains("\"currentContext\": \"" + context);
        assertRunningOnTheSecondEngine(project.cli(env(Map.of()), "status"));
        // DOCKER_CONTEXT beats currentContext: `default` is the local engine, where the runner is only created
        TestProject.CliResult local = project.cli(env(Map.of("DOCKER_CONTEXT", "default")), "status");
        assertThat(local.exitCode()).as(local.all()).isZero();
        assertThat(local.stdout()).containsPattern("runner +" + project.runnerContainer() + " +created");
        assertDownRemovedOnlyTheSecondEnginesContainers(project.cli(env(Map.of()), "down", "--context", context));
    }

    @Test
    void anUnknownContextNamesItselfAndWhereItWasLookedFor() throws Exception {
        TestProject.CliResult r = project.cli(env(Map.of()), "--context", "no-such-context", "status");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.stderr()).contains("Docker context \"no-such-context\" (from --context no-such-context) does "
                + "not exist", dockerConfig.resolve("contexts").resolve("meta").toString(), "meta.json",
                "docker context ls", "docker context create no-such-context");
        TestProject.CliResult env = project.cli(env(Map.of("DOCKER_CONTEXT", "no-such-context")), "down");
        assertThat(env.exitCode()).as(env.all()).isEqualTo(3);
        assertThat(env.stderr()).contains("(from DOCKER_CONTEXT=no-such-context)");
    }

    @Test
    void aMissingCaOrKeyIsAConfigurationErrorNamingTheFileAndTheEndpoint() throws Exception {
        Path noCa = second.copyCerts(project.dir.resolve("no-ca"));
        Files.delete(noCa.resolve("ca.pem"));
        TestProject.CliResult r = project.cli(env(second.dockerEnv(noCa)), "status");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.stderr()).contains("The Docker engine at " + second.host, "DOCKER_TLS_VERIFY",
                noCa.resolve("ca.pem") + " (the CA certificate", "does not exist", "DOCKER_CERT_PATH");

        Path noKey = second.copyCerts(project.dir.resolve("no-key"));
        Files.delete(noKey.resolve("key.pem"));
        TestProject.CliResult k = project.cli(env(second.dockerEnv(noKey)), "down");
        assertThat(k.exitCode()).as(k.all()).isEqualTo(3);
        assertThat(k.stderr()).contains(second.host.toString(), noKey.resolve("key.pem") + " (the private key of "
                + noKey.resolve("cert.pem"), "does not exist");
    }

    @Test
    void noClientCertificateOrTheWrongCaFailTheHandshakeNamingTheFiles() throws Exception {
        Path noClient = second.copyCerts(project.dir.resolve("no-client"));
        Files.delete(noClient.resolve("cert.pem"));
        Files.delete(noClient.resolve("key.pem"));
        TestProject.CliResult r = project.cli(env(second.dockerEnv(noClient)), "status");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(4);
        assertThat(r.stderr()).contains("Cannot reach the Docker engine at " + second.host,
                "TLS failed between this client and the engine", "no client certificate was sent",
                noClient.resolve("cert.pem").toString());

        Path wrongCa = second.copyCerts(project.dir.resolve("wrong-ca"));
        Files.copy(wrongCa.resolve("cert.pem"), wrongCa.resolve("ca.pem"), // not the CA of the engine's certificate
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TestProject.CliResult w = project.cli(env(second.dockerEnv(wrongCa)), "status");
        assertThat(w.exitCode()).as(w.all()).isEqualTo(4);
        assertThat(w.stderr()).contains("TLS failed between this client and the engine",
                "must be signed by " + wrongCa.resolve("ca.pem"));
    }

    @Test
    void plainHttpToTheTlsPortSaysToTurnTlsOn() throws Exception {
        TestProject.CliResult r = project.cli(env(Map.of("DOCKER_HOST", second.host.toString())), "status");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(4);
        assertThat(r.stderr()).contains("Cannot reach the Docker engine at " + second.host, "TLS is off",
                "DOCKER_TLS_VERIFY=1");
    }
}

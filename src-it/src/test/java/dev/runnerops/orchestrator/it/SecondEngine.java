package dev.runnerops.orchestrator.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.runnerops.orchestrator.operation.EngineLock;
import dev.runnerops.orchestrator.plan.Labels;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The second Docker engine scripts/lib/second-engine.sh starts on this machine, standing in for a remote host:
 * {@code tcp://127.0.0.1:PORT} with {@code --tlsverify}, a bridge, data and containers of its own. scripts/test
 * starts it before {@code mvn verify} and passes {@code IT_SECOND_ENGINE_HOST} and {@code IT_SECOND_ENGINE_CERTS}
 * (ca.pem, cert.pem, key.pem) to the failsafe JVM. Without them, tests that need it are skipped, so a single
 * IT can run without it; start it by hand with {@code eval "$(scripts/lib/second-engine.sh start IMAGE...)"}.
 */
final class SecondEngine {
    static final String HOST_VARIABLE = "IT_SECOND_ENGINE_HOST";
    static final String CERTS_VARIABLE = "IT_SECOND_ENGINE_CERTS";
    private static SecondEngine instance;

    /** {@code tcp://127.0.0.1:PORT}. */
    final URI host;
    /** The client's ca.pem, cert.pem and key.pem (key in PKCS#1 form), for DOCKER_CERT_PATH. */
    final Path certs;
    private DockerClient client;

    private SecondEngine(URI host, Path certs) {
        this.host = host;
        this.certs = certs;
    }

    /** The second engine; skips the calling test, saying how to get one, when scripts/test did not start it. */
    static synchronized SecondEngine require() {
        String host = System.getenv(HOST_VARIABLE);
        String certs = System.getenv(CERTS_VARIABLE);
        Assumptions.assumeTrue(host != null && !host.isBlank() && certs != null && !certs.isBlank(),
                "No second Docker engine: " + HOST_VARIABLE + " and " + CERTS_VARIABLE + " are not set. scripts/test "
                        + "starts one; by hand: eval \"$(scripts/lib/second-engine.sh start "
                        + StandIns.RUNNER + ")\" before mvn, scripts/lib/second-engine.sh stop after.");
        if (instance == null) {
            instance = new SecondEngine(URI.create(host), Path.of(certs));
        }
        return instance;
    }

    /** The environment that points the docker CLI (and the orchestrator) at it. */
    Map<String, String> dockerEnv() {
        return dockerEnv(certs);
    }

    /** The same, with the TLS files of another folder (tests of missing or wrong files). */
    Map<String, String> dockerEnv(Path certFolder) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOCKER_HOST", host.toString());
        env.put("DOCKER_TLS_VERIFY", "1");
        env.put("DOCKER_CERT_PATH", certFolder.toString());
        env.put("DOCKER_CONTEXT", "");
        return env;
    }

    /** A copy of the client's TLS files in {@code folder}, to break on purpose. */
    Path copyCerts(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String f : List.of("ca.pem", "cert.pem", "key.pem")) {
            Files.copy(certs.resolve(f), folder.resolve(f));
        }
        return folder;
    }

    /**
     * The tests' own client for it (docker-java's own TLS set-up, not the code under test), so assertions never
     * go through the orchestrator.
     */
    synchronized DockerClient client() {
        if (client == null) {
            DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(host.toString()).withDockerTlsVerify(true)
                    .withDockerCertPath(certs.toString()).build();
            client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig()).build());
        }
        return client;
    }

    List<Container> projectContainers(String project) {
        return client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.PROJECT, project)).exec();
    }

    List<Network> projectNetworks(String project) {
        return client().listNetworksCmd().withFilter("label", List.of(Labels.PROJECT + "=" + project)).exec();
    }

    List<String> projectVolumes(String project) {
        var volumes = client().listVolumesCmd().withFilter("label", List.of(Labels.PROJECT + "=" + project)).exec()
                .getVolumes();
        return volumes == null ? List.of() : volumes.stream().map(v -> v.getName()).toList();
    }

    /** The containers of the project's volume access (created, never started), found by their label. */
    List<Container> accessContainers(String project) {
        return client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.PREFIX + "state-of", project)).exec();
    }

    /** The project's claim on the engine (its lock), made by an operation that was killed or is running. */
    List<Container> lockClaims(String project) {
        return client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(EngineLock.LOCK_OF, project)).exec();
    }

    /** Removes what a test made there for {@code project}: its containers, networks and volumes, by label. */
    void removeProject(String project) {
        for (Container c : lockClaims(project)) {
            client().removeContainerCmd(c.getId()).withForce(true).exec();
        }
        for (Container c : projectContainers(project)) {
            client().removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
        for (Container c : accessContainers(project)) {
            client().removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
        for (Network n : projectNetworks(project)) {
            client().removeNetworkCmd(n.getId()).exec();
        }
        for (String v : projectVolumes(project)) {
            client().removeVolumeCmd(v).exec();
        }
    }

    /** The address of this machine on the engine's bridge: how its containers reach a port published here. */
    static String hostAddress() {
        String cidr = StandIns.envOr("SECOND_ENGINE_BRIDGE_CIDR", "10.213.76.1/24");
        return cidr.substring(0, cidr.indexOf('/'));
    }
}

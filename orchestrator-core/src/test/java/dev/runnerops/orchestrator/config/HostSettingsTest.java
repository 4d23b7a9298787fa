package dev.runnerops.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [[hosts]]}: the hosts of a fleet, as read from the file, and what each host's configuration becomes. */
class HostSettingsTest {
    @TempDir
    Path dir;

    private OrchestratorConfig load(String toml) throws IOException {
        Path file = dir.resolve("orchestrator.toml");
        Files.writeString(file, toml);
        return new ConfigLoader(Map.of("CERTS", "/etc/certs"), Path.of("/home/someone")).load(file);
    }

    private static final String TWO_HOSTS = """
            [project]
            state_dir = "state"
            [runner]
            concurrent = 4
            tags = ["docker", "ecr"]
            [gitlab]
            url = "https://gitlab.example.com"
            # a legacy registration token: each host registers a runner of its own, so tags may differ
            token = "GR1348941exampleexample"

            [[hosts]]
            name = "build-1"
            context = "build-1"

            [[hosts]]
            name = "build-2"
            host = "tcp://10.0.1.12:2376"
            cert_path = "${CERTS}/build-2"
            concurrent = 8
            tags = ["docker", "ecr", "large"]
            """;

    @Test
    void withoutHostsTheProjectIsThisMachinesEngine() throws IOException {
        assertThat(load("").hosts()).isEmpty();
    }

    @Test
    void hostsAreReadInFileOrderWithTheirEngineAndOverrides() throws IOException {
        List<OrchestratorConfig.Host> hosts = load(TWO_HOSTS).hosts();
        assertThat(hosts).extracting(OrchestratorConfig.Host::name).containsExactly("build-1", "build-2");
        assertThat(hosts.get(0).context()).isEqualTo("build-1");
        assertThat(hosts.get(0).host()).isEmpty();
        assertThat(hosts.get(0).certPath()).isEmpty();
        assertThat(hosts.get(0).concurrent()).isEmpty();
        assertThat(hosts.get(1).host()).isEqualTo("tcp://10.0.1.12:2376");
        assertThat(hosts.get(1).certPath()).contains(Path.of("/etc/certs/build-2"));
        assertThat(hosts.get(1).concurrent()).contains(8);
        assertThat(hosts.get(1).tags()).contains(List.of("docker", "ecr", "large"));
    }

    @Test
    void eachHostHasItsOwnStateFolderAndTakesItsOverridesOrTheProjects() throws IOException {
        OrchestratorConfig config = load(TWO_HOSTS);
        OrchestratorConfig first = config.forHost(config.hosts().get(0));
        OrchestratorConfig second = config.forHost(config.hosts().get(1));
        assertThat(first.project().stateDir()).isEqualTo(dir.resolve("state/hosts/build-1"));
        assertThat(second.project().stateDir()).isEqualTo(dir.resolve("state/hosts/build-2"));
        assertThat(first.project().name()).isEqualTo(config.project().name());
        assertThat(first.runner().concurrent()).isEqualTo(4);
        assertThat(first.runner().tags()).containsExactly("docker", "ecr");
        assertThat(second.runner().concurrent()).isEqualTo(8);
        assertThat(second.runner().tags()).containsExactly("docker", "ecr", "large");
        assertThat(second.gitlab().url()).isEqualTo("https://gitlab.example.com");
        assertThat(second.hosts()).isEmpty();
    }

    @Test
    void aJoiningHostRegistersWithTheFirstHostsGitLabAndToken() throws IOException {
        OrchestratorConfig config = load(TWO_HOSTS);
        OrchestratorConfig joined = config.forHost(config.hosts().get(1))
                .joining("http://gitlab.internal:8800", Secret.of("glrt-createdbythefirsthost00"));
        assertThat(joined.gitlab().url()).isEqualTo("http://gitlab.internal:8800");
        assertThat(joined.gitlab().token().reveal()).isEqualTo("glrt-createdbythefirsthost00");
        assertThat(joined.runner().concurrent()).isEqualTo(8);
        // the first host created the runner with the tags; a glrt- registration may not name them again
        assertThat(joined.runner().tags()).isEmpty();
        assertThat(joined.project().stateDir()).isEqualTo(dir.resolve("state/hosts/build-2"));
    }

    @Test
    void aHostWithNeitherContextNorHostIsRefusedNamingBoth() {
        assertThatThrownBy(() -> load("""
                [[hosts]]
                name = "build-1"
                """)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hosts.context")
                .hasMessageContaining("set either context")
                .hasMessageContaining("not neither");
    }

    @Test
    void aHostWithBothContextAndHostIsRefused() {
        assertThatThrownBy(() -> load("""
                [[hosts]]
                name = "build-1"
                context = "build-1"
                host = "tcp://build-1:2376"
                """)).isInstanceOf(ConfigurationException.class).hasMessageContaining("not both");
    }

    @Test
    void twoHostsOfOneNameAreRefused() {
        assertThatThrownBy(() -> load("""
                [[hosts]]
                name = "build-1"
                context = "a"
                [[hosts]]
                name = "build-1"
                context = "b"
                """)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("\"build-1\" names two [[hosts]] entries");
    }

    @Test
    void aNameThatCannotBeAFolderOrPrefixIsRefused() {
        assertThatThrownBy(() -> load("""
                [[hosts]]
                name = "../Build 1"
                context = "a"
                """)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hosts.name")
                .hasMessageContaining("lower-case letters, digits and '-'");
    }

    @Test
    void certPathWithAContextIsRefused() {
        assertThatThrownBy(() -> load("""
                [[hosts]]
                name = "build-1"
                context = "build-1"
                cert_path = "/etc/certs"
                """)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hosts.cert_path")
                .hasMessageContaining("remove cert_path");
    }

    @Test
    void anUnknownKeyOfAHostIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> load("""
                [[hosts]]
                name = "build-1"
                contxt = "build-1"
                """)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hosts.contxt")
                .hasMessageContaining("name, context, host, cert_path, concurrent, tags");
    }

    @Test
    void aMistypedValueIsRefused() {
        assertThatThrownBy(() -> load("""
                [[hosts]]
                name = "build-1"
                context = "build-1"
                concurrent = "8"
                """)).isInstanceOf(ConfigurationException.class).hasMessageContaining("hosts.concurrent");
    }

    @Test
    void hostsWrittenAsASingleTableAreRefusedWithTheArraySyntax() {
        assertThatThrownBy(() -> load("""
                [hosts]
                name = "build-1"
                """)).isInstanceOf(ConfigurationException.class).hasMessageContaining("[[hosts]]");
    }

    @Test
    void aConcurrentOfZeroIsRefused() {
        assertThatThrownBy(() -> load("""
                [[hosts]]
                name = "build-1"
                context = "build-1"
                concurrent = 0
                """)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hosts.concurrent")
                .hasMessageContaining("use 1 or more");
    }

    @Test
    void perHostTagsAreRefusedWhereAllHostsShareOneRunner() {
        assertThatThrownBy(() -> load("""
                [gitlab]
                url = "https://gitlab.example.com"
                token = "glrt-exampleexampleexample"
                [[hosts]]
                name = "build-1"
                context = "build-1"
                tags = ["large"]
                """)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hosts.tags")
                .hasMessageContaining("tags belong to the runner")
                .hasMessageContaining("remove hosts.tags")
                .hasMessageNotContaining("glrt-example");
        assertThatThrownBy(() -> load("""
                [[hosts]]
                name = "build-1"
                context = "build-1"
                tags = ["large"]
                """)).isInstanceOf(ConfigurationException.class).hasMessageContaining("hosts.tags");
    }
}

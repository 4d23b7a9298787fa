package dev.runnerops.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.config.OrchestratorConfig.HelperSource;
import dev.runnerops.orchestrator.config.OrchestratorConfig.ServerProfile;
import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [helper]'s release settings and server.profile: defaults, and every rule with its message. */
class HelperSettingsTest {
    private static final String SUM = "ab".repeat(32);

    @TempDir
    Path dir;

    private OrchestratorConfig load(String toml) throws IOException {
        return TestConfigs.load(dir, toml);
    }

    @Test
    void theDefaultsDownloadTheReleaseOfAVersionWhoseSumsAreKnown() throws IOException {
        OrchestratorConfig c = load("");
        assertThat(c.helper().source()).isEqualTo(HelperSource.RELEASE);
        assertThat(c.helper().releaseUrl()).isEqualTo("https://amazon-ecr-credential-helper-releases.s3.us-east-2"
                + ".amazonaws.com/{version}/{os}-{arch}/docker-credential-ecr-login");
        assertThat(c.helper().sha256()).isEmpty();
        // release is the default because the default version has a sum for both published architectures
        assertThat(KnownHelperReleases.sha256(c.helper().bareVersion(), "linux-amd64")).isPresent();
        assertThat(KnownHelperReleases.sha256(c.helper().bareVersion(), "linux-arm64")).isPresent();
        assertThat(c.server().profile()).isEqualTo(ServerProfile.SMALL);
    }

    @Test
    void theTableHoldsTheSumsReadUpstream() {
        assertThat(KnownHelperReleases.sha256("0.10.1", "linux-amd64"))
                .hasValue("ae5f2c0f1a2283f687e24a529f41d58f29c0a5bcfa0b60d1d3f8dc33b7eac4f2");
        assertThat(KnownHelperReleases.sha256("0.10.1", "linux-arm64"))
                .hasValue("d321a6c4044fda6a4c6c6054d8e5b56ae9c902b6e37f5cc3b0d89df9298b07ef");
        assertThat(KnownHelperReleases.sha256("0.11.0", "linux-386")).isEmpty();
        assertThat(KnownHelperReleases.versions()).startsWith("v0.9.1").endsWith("v0.12.0");
    }

    @Test
    void anUnknownVersionWithoutASumIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> load("[helper]\nversion = \"v0.99.0\"\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("helper.sha256 is empty")
                .hasMessageContaining("helper.version = \"v0.99.0\"")
                .hasMessageContaining("0.99.0/linux-amd64/docker-credential-ecr-login.sha256")
                .hasMessageContaining("helper.source = \"build\"");
    }

    @Test
    void anUnknownVersionWithASumOrBuiltFromSourceIsAccepted() throws IOException {
        OrchestratorConfig pinned = load("[helper]\nversion = \"v0.99.0\"\nsha256 = \"" + SUM.toUpperCase() + "\"\n");
        assertThat(pinned.helper().sha256()).hasValue(SUM);
        assertThat(load("[helper]\nsource = \"build\"\nversion = \"v0.99.0\"\n").helper().source())
                .isEqualTo(HelperSource.BUILD);
    }

    @Test
    void aSumMustBeSixtyFourHexDigitsAndOnlyChecksReleases() {
        assertThatThrownBy(() -> load("[helper]\nsha256 = \"abc\"\n"))
                .hasMessageContaining("helper.sha256 = \"abc\" is not a SHA-256");
        assertThatThrownBy(() -> load("[helper]\nsource = \"build\"\nsha256 = \"" + SUM + "\"\n"))
                .hasMessageContaining("helper.sha256 is set but helper.source = \"build\"");
    }

    @Test
    void theReleaseUrlIsATemplateOverHttpsOrLoopbackHttp() throws IOException {
        assertThatThrownBy(() -> load("[helper]\nrelease_url = \"https://mirror.example.com/{version}/helper\"\n"))
                .hasMessageContaining("must contain {version} and {arch}");
        assertThatThrownBy(() -> load("[helper]\nrelease_url = \"https://m.example.com/{version}/{arch}/{variant}\"\n"))
                .hasMessageContaining("unknown placeholder {variant}");
        assertThatThrownBy(() -> load("[helper]\nrelease_url = \"http://mirror.example.com/{version}/{os}-{arch}/h\"\n"))
                .hasMessageContaining("plain http to mirror.example.com")
                .hasMessageContaining("Use an https URL");
        assertThatThrownBy(() -> load("[helper]\nrelease_url = \"ftp://mirror.example.com/{version}/{arch}\"\n"))
                .hasMessageContaining("is not an http(s) URL");
        assertThatThrownBy(() -> load("[helper]\nrelease_url = \"https://u:p@mirror.example.com/{version}/{arch}\"\n"))
                .hasMessageContaining("contains a user name or password")
                .satisfies(e -> assertThat(((ConfigurationException) e).value()).isEmpty());
        for (String host : new String[] {"127.0.0.1:8080", "localhost", "[::1]:9000"}) {
            assertThat(load("[helper]\nrelease_url = \"http://" + host + "/{version}/{os}-{arch}/h\"\n")
                    .helper().releaseUrl()).startsWith("http://" + host);
        }
    }

    @Test
    void theSourceIsOneOfThree() {
        assertThatThrownBy(() -> load("[helper]\nsource = \"download\"\n"))
                .hasMessageContaining("helper.source = \"download\" is not allowed")
                .hasMessageContaining("\"release\"").hasMessageContaining("\"build\"").hasMessageContaining("\"local\"");
    }

    @Test
    void theServerProfileIsSmallOrStandard() throws IOException {
        assertThat(load("[server]\nprofile = \"standard\"\n").server().profile()).isEqualTo(ServerProfile.STANDARD);
        assertThatThrownBy(() -> load("[server]\nprofile = \"tiny\"\n"))
                .hasMessageContaining("server.profile = \"tiny\" is not allowed; use one of \"small\", \"standard\"");
    }
}

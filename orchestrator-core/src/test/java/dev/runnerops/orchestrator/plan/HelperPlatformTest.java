package dev.runnerops.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.TestConfigs;
import dev.runnerops.orchestrator.errors.ConfigurationException;
import dev.runnerops.orchestrator.errors.OperationException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's architecture to the release file and the build's GOARCH. */
class HelperPlatformTest {
    @TempDir
    Path dir;

    @Test
    void theEnginesMachineNamesMapToGoArchitectures() {
        assertThat(HelperPlatform.ofEngine("linux", "x86_64")).isEqualTo(new HelperPlatform("linux", "amd64"));
        assertThat(HelperPlatform.ofEngine("linux", "aarch64")).isEqualTo(new HelperPlatform("linux", "arm64"));
        assertThat(HelperPlatform.ofEngine("Linux", " AMD64 ").arch()).isEqualTo("amd64");
        assertThat(HelperPlatform.ofEngine("linux", "arm64").arch()).isEqualTo("arm64");
        assertThat(HelperPlatform.ofEngine("linux", "aarch64").id()).isEqualTo("linux-arm64");
        assertThat(HelperPlatform.ofEngine("linux", "x86_64")).hasToString("linux/amd64");
    }

    @Test
    void anUnsupportedArchitectureIsAClearError() {
        for (String machine : new String[] {"s390x", "armv7l", "ppc64le", "riscv64", "i686", ""}) {
            assertThatThrownBy(() -> HelperPlatform.ofEngine("linux", machine))
                    .isInstanceOf(OperationException.class)
                    .hasMessageContaining("architecture is \"" + machine + "\"")
                    .hasMessageContaining("x86_64 (amd64) and aarch64 (arm64)")
                    .hasMessageContaining("helper.source = \"local\"");
        }
        assertThatThrownBy(() -> HelperPlatform.ofEngine("windows", "x86_64"))
                .hasMessageContaining("runs windows containers").hasMessageContaining("Linux engine");
    }

    @Test
    void theReleaseFileAndItsSumFollowTheArchitecture() throws IOException {
        OrchestratorConfig c = TestConfigs.load(dir, "");
        HelperPlan amd = HelperPlan.of(c, HelperPlatform.ofEngine("linux", "x86_64"));
        HelperPlan arm = HelperPlan.of(c, HelperPlatform.ofEngine("linux", "aarch64"));
        assertThat(amd.url()).hasValue("https://amazon-ecr-credential-helper-releases.s3.us-east-2.amazonaws.com/"
                + "0.11.0/linux-amd64/docker-credential-ecr-login");
        assertThat(arm.url()).hasValueSatisfying(u -> assertThat(u).contains("/0.11.0/linux-arm64/"));
        assertThat(amd.sha256()).hasValue("d6b23f3b6dc2f6af875902844af3bbb0d6ac4980e4b3815640c9b2e2e34267ae");
        assertThat(arm.sha256()).hasValue("b1ba09040f102606b49f7f352eb3d8908ac38186b8fe5dec3ad17ed7d6f6b86d");
        assertThat(amd.binary()).isNotEqualTo(arm.binary());
        assertThat(amd.setting()).isEqualTo("helper.release_url");
    }

    @Test
    void theTemplateTakesTheVersionWithoutItsV() throws IOException {
        OrchestratorConfig c = TestConfigs.load(dir, """
                [helper]
                release_url = "http://127.0.0.1:9/mirror/{os}/{arch}/{version}/helper"
                sha256 = "%s"
                version = "v1.2.3"
                """.formatted("c".repeat(64)));
        HelperPlan plan = HelperPlan.of(c, HelperPlatform.ofEngine("linux", "aarch64"));
        assertThat(plan.url()).hasValue("http://127.0.0.1:9/mirror/linux/arm64/1.2.3/helper");
        assertThat(plan.sha256()).hasValue("c".repeat(64));
    }

    @Test
    void aLocalBinaryNeedsNoPlatform() throws IOException {
        OrchestratorConfig c = TestConfigs.load(dir, "[helper]\nsource = \"local\"\nlocal_path = \"/opt/h\"\n");
        HelperPlan plan = HelperPlan.of(c, null);
        assertThat(plan.binary()).isEqualTo(Path.of("/opt/h"));
        assertThat(plan.platform()).isEmpty();
        assertThat(plan.setting()).isEqualTo("helper.local_path");
    }

    @Test
    void aKnownVersionWithoutASumForThisArchitectureNamesHelperSha256() {
        // Every version in the table has both architectures; an engine arch without a file upstream is refused
        // before this, so this rule is reached through a platform the table does not list.
        assertThatThrownBy(() -> HelperPlan.of(TestConfigs.load(dir, ""), new HelperPlatform("linux", "riscv64")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("helper.sha256 is empty and this tool knows no SHA-256 of v0.11.0 for linux-riscv64")
                .hasMessageContaining("0.11.0/linux-riscv64/docker-credential-ecr-login");
    }
}

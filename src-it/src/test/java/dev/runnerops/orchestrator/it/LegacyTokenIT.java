package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.api.Orchestrator;
import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.event.Outcome;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlTable;

/** A legacy registration token takes the registration-token path, with tags, where GitLab still allows it. */
class LegacyTokenIT {
    @Test
    void registersThroughTheRegistrationTokenPath() throws Exception {
        try (TestProject project = TestProject.create();
             GitLabStandIn gitlab = new GitLabStandIn(project.name, Map.of("STANDIN_REGISTRATION_TOKEN", "GR1348941it"))) {
            project.env.put("IT_TOKEN", "GR1348941it");
            project.set("network", "name", gitlab.networkName).set("network", "external", true)
                    .set("gitlab", "url", gitlab.url()).set("gitlab", "token", "${IT_TOKEN}")
                    .set("runner", "tags", List.of("docker", "ecr")).write();
            try (Orchestrator o = project.orchestrator()) {
                assertThat(o.up(Mode.RUNNER_ONLY).registration()).isEqualTo(Outcome.REGISTERED);
                o.down(); // frees the stand-in's network before it is removed
            }
            TomlTable entry = Toml.parse(Files.readString(project.state().runnerConfigToml()))
                    .getArray("runners").getTable(0);
            // GitLab issued the runner its own token in exchange for the registration token.
            assertThat(entry.getString("token")).isNotEqualTo("GR1348941it").isNotEmpty();
            // The tags went to GitLab with the registration (the stand-in keeps what it received).
            assertThat(gitlab.runners()).hasSize(1);
            assertThat(gitlab.exec("cat", "/var/opt/gitlab/standin/runners/1/tag_list")).isEqualTo("docker,ecr");
        }
    }
}

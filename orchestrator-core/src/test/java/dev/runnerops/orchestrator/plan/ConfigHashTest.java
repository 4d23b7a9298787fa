package dev.runnerops.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigHashTest {
    /**
     * A fixed spec and the hash this version computes for it. If it changes, every running container of every
     * user is recreated by the next {@code up}: change the hash only on purpose, and say so in the release notes.
     */
    @Test
    void theHashOfAFixedSpecIsStableAcrossVersions() {
        ContainerSpec spec = new ContainerSpec(Service.RUNNER, "p-runner", "gitlab/gitlab-runner:v19.4.1", "p-runner",
                "net", List.of("alias"), Map.of("B", "2", "A", "1"),
                List.of(new BindMount(Path.of("/s/config"), "/etc/gitlab-runner", false,
                        BindMount.SourceKind.STATE_DIRECTORY, "project.state_dir")),
                List.of(new PortBinding("127.0.0.1", 8800, 8800, "server.http_port")), "unless-stopped", 256L << 20,
                false, Map.of(Labels.PROJECT, "p", Labels.SERVICE, "runner"));
        assertThat(ConfigHash.of(spec))
                .isEqualTo("ec35dd041bbdb55d76311471c277d6658e94b1431349d0058951e8c5ea83c5d1");
    }

    @Test
    void theHashLabelItselfDoesNotCount() {
        ContainerSpec spec = new ContainerSpec(Service.RUNNER, "n", "i", "h", "net", List.of(), Map.of(), List.of(),
                List.of(), "no", 0, false, Map.of(Labels.PROJECT, "p"));
        assertThat(ConfigHash.of(spec.withConfigHash())).isEqualTo(ConfigHash.of(spec));
    }

    @Test
    void environmentOrderDoesNotCount() {
        ContainerSpec a = new ContainerSpec(Service.RUNNER, "n", "i", "h", "net", List.of(),
                new java.util.LinkedHashMap<>(Map.of("A", "1")), List.of(), List.of(), "no", 0, false, Map.of());
        java.util.LinkedHashMap<String, String> env = new java.util.LinkedHashMap<>();
        env.put("B", "2");
        env.put("A", "1");
        java.util.LinkedHashMap<String, String> env2 = new java.util.LinkedHashMap<>();
        env2.put("A", "1");
        env2.put("B", "2");
        assertThat(ConfigHash.of(withEnv(a, env))).isEqualTo(ConfigHash.of(withEnv(a, env2)));
    }

    private static ContainerSpec withEnv(ContainerSpec s, Map<String, String> env) {
        return new ContainerSpec(s.service(), s.name(), s.image(), s.hostname(), s.network(), s.networkAliases(), env,
                s.mounts(), s.ports(), s.restartPolicy(), s.shmSizeBytes(), s.privileged(), s.labels());
    }
}

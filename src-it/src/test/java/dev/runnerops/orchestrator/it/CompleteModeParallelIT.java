package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.api.Orchestrator;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.event.StepKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** In complete mode GitLab starts booting while the helper is still being built. */
class CompleteModeParallelIT {
    @Test
    void gitLabIsStartedBeforeTheHelperBuildEnds() throws Exception {
        try (TestProject project = TestProject.create()) {
            project.set("helper", "source", "build").set("helper", "builder_image", StandIns.GOLANG)
                    .set("server", "environment", Map.of("STANDIN_BOOT_SECONDS", "1")).write();
            try (Orchestrator o = project.orchestrator()) {
                assertThat(o.up(Mode.COMPLETE).registration()).isEqualTo(Outcome.REGISTERED);
            }
            List<String> finished = project.events.stream()
                    .filter(e -> e instanceof ProgressEvent.StepFinished)
                    .map(e -> ((ProgressEvent.StepFinished) e).step().toString()).toList();
            int gitlabStarted = finished.indexOf("container " + project.gitlabContainer());
            int helperBuilt = finished.indexOf("helper v0.11.0");
            assertThat(project.outcomes(StepKind.HELPER, "v0.11.0")).containsExactly("built (linux-amd64)");
            assertThat(gitlabStarted).isNotNegative().isLessThan(helperBuilt);
            assertThat(finished.indexOf("container " + project.runnerContainer())).isGreaterThan(helperBuilt);
        }
    }
}

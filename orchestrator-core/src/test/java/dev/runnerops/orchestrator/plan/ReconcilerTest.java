package dev.runnerops.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.plan.ContainerAction.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static ContainerSpec spec(String image) {
        return new ContainerSpec(Service.RUNNER, "p-runner", image, "p-runner", "net", List.of(), Map.of(),
                List.of(), List.of(), "no", 0, false, Map.of(Labels.PROJECT, "p", Labels.SERVICE, "runner"))
                .withConfigHash();
    }

    @Test
    void missingContainerIsCreated() {
        assertThat(Reconciler.reconcile(List.of(spec("a")), List.of())).singleElement()
                .satisfies(a -> assertThat(a.kind()).isEqualTo(Kind.CREATE));
    }

    @Test
    void matchingRunningContainerIsKept() {
        ContainerSpec s = spec("a");
        var observed = new ObservedContainer("id1", "p-runner", Service.RUNNER, s.configHash(), true);
        assertThat(Reconciler.reconcile(List.of(s), List.of(observed))).singleElement()
                .satisfies(a -> {
                    assertThat(a.kind()).isEqualTo(Kind.KEEP);
                    assertThat(a.existingId()).isEqualTo("id1");
                });
    }

    @Test
    void matchingStoppedContainerIsStarted() {
        ContainerSpec s = spec("a");
        var observed = new ObservedContainer("id1", "p-runner", Service.RUNNER, s.configHash(), false);
        assertThat(Reconciler.reconcile(List.of(s), List.of(observed)).get(0).kind()).isEqualTo(Kind.START);
    }

    @Test
    void changedConfigurationRecreates() {
        var observed = new ObservedContainer("id1", "p-runner", Service.RUNNER, spec("a").configHash(), true);
        ContainerAction action = Reconciler.reconcile(List.of(spec("b")), List.of(observed)).get(0);
        assertThat(action.kind()).isEqualTo(Kind.RECREATE);
        assertThat(action.toString()).isEqualTo("recreate p-runner (configuration changed)");
    }
}

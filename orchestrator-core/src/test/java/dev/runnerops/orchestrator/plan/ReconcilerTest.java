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
        assertThat(Reconciler.reconcile(List.of(spec("a")), List.of(), Map.of())).singleElement()
                .satisfies(a -> assertThat(a.kind()).isEqualTo(Kind.CREATE));
    }

    @Test
    void matchingRunningContainerIsKept() {
        ContainerSpec s = spec("a");
        var observed = new ObservedContainer("id1", "p-runner", Service.RUNNER, s.configHash(), "sha256:a", true);
        assertThat(Reconciler.reconcile(List.of(s), List.of(observed), Map.of("a", "sha256:a"))).singleElement()
                .satisfies(a -> {
                    assertThat(a.kind()).isEqualTo(Kind.KEEP);
                    assertThat(a.existing().id()).isEqualTo("id1");
                });
    }

    @Test
    void matchingStoppedContainerIsStarted() {
        ContainerSpec s = spec("a");
        var observed = new ObservedContainer("id1", "p-runner", Service.RUNNER, s.configHash(), "sha256:a", false);
        assertThat(Reconciler.reconcile(List.of(s), List.of(observed), Map.of("a", "sha256:a")).get(0).kind()).isEqualTo(Kind.START);
    }

    @Test
    void changedConfigurationRecreates() {
        var observed = new ObservedContainer("id1", "p-runner", Service.RUNNER, spec("a").configHash(), "sha256:a", true);
        ContainerAction action = Reconciler.reconcile(List.of(spec("b")), List.of(observed), Map.of()).get(0);
        assertThat(action.kind()).isEqualTo(Kind.RECREATE);
        assertThat(action.toString()).isEqualTo("recreate p-runner (configuration changed)");
    }

    @Test
    void aTagPulledAgainRecreates() {
        ContainerSpec s = spec("a");
        var observed = new ObservedContainer("id1", "p-runner", Service.RUNNER, s.configHash(), "sha256:old", true);
        ContainerAction action = Reconciler.reconcile(List.of(s), List.of(observed), Map.of("a", "sha256:new")).get(0);
        assertThat(action.kind()).isEqualTo(Kind.RECREATE);
        assertThat(action.cause()).isEqualTo("image changed");
    }

    @Test
    void aSecondContainerOfTheServiceIsRemovedAndTheCanonicalOneKept() {
        ContainerSpec s = spec("a");
        var canonical = new ObservedContainer("id1", "p-runner", Service.RUNNER, s.configHash(), "sha256:a", true);
        var leftover = new ObservedContainer("id2", "p-runner-replacement", Service.RUNNER, s.configHash(), "sha256:a",
                false);
        List<ContainerAction> actions = Reconciler.reconcile(List.of(s), List.of(leftover, canonical),
                Map.of("a", "sha256:a"));
        assertThat(actions).extracting(ContainerAction::toString)
                .containsExactly("keep p-runner (up to date)", "remove p-runner-replacement (duplicate of p-runner)");
    }

    @Test
    void aContainerOfNoKnownServiceIsRemoved() {
        var stray = new ObservedContainer("id9", "p-something", null, "", "sha256:x", true);
        assertThat(Reconciler.reconcile(List.of(spec("a")), List.of(stray), Map.of()))
                .extracting(ContainerAction::toString)
                .containsExactly("create p-runner (missing)", "remove p-something (no known service)");
    }

    @Test
    void aMatchingContainerUnderTheReplacementNameIsRenamed() {
        ContainerSpec s = spec("a");
        var replacement = new ObservedContainer("id2", "p-runner-replacement", Service.RUNNER, s.configHash(),
                "sha256:a", true);
        ContainerAction action = Reconciler.reconcile(List.of(s), List.of(replacement), Map.of("a", "sha256:a")).get(0);
        assertThat(action.kind()).isEqualTo(Kind.RENAME);
        assertThat(action.existing().id()).isEqualTo("id2");
    }

    @Test
    void containersOfServicesNotWantedNowAreLeftAlone() {
        var gitlab = new ObservedContainer("id3", "p-gitlab", Service.GITLAB, "h", "sha256:g", true);
        assertThat(Reconciler.reconcile(List.of(spec("a")), List.of(gitlab), Map.of()))
                .extracting(ContainerAction::toString).containsExactly("create p-runner (missing)");
    }
}

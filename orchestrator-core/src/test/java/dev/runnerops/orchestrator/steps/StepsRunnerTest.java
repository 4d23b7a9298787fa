package dev.runnerops.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StepsRunnerTest {
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private final StepsRunner runner = new StepsRunner(events::add);

    private List<String> finished() {
        return events.stream().filter(e -> e instanceof ProgressEvent.StepFinished).map(e -> {
            var f = (ProgressEvent.StepFinished) e;
            return f.position() + "/" + f.total() + " " + f.step() + ": " + f.outcomeText();
        }).toList();
    }

    @Test
    void declaredStepsAreNumberedInTheirDeclaredOrderWhateverOrderTheyRunIn() {
        StepId a = StepId.of(StepKind.IMAGE, "a:1");
        StepId b = StepId.of(StepKind.CONTAINER, "p-runner");
        runner.expect(List.of(a, b));
        runner.run(b, () -> Done.of(Outcome.CREATED));
        runner.run(a, () -> Done.of(Outcome.PULLED, "12 MB"));
        assertThat(finished()).containsExactly("2/2 container p-runner: created", "1/2 image a:1: pulled (12 MB)");
    }

    @Test
    void anUndeclaredStepIsAddedAtTheEnd() {
        runner.expect(List.of(StepId.of(StepKind.NETWORK, "n")));
        runner.run(StepId.of(StepKind.RUNNER_CONFIG), () -> Done.of(Outcome.UNCHANGED));
        assertThat(finished()).containsExactly("2/2 runner config: unchanged");
    }

    @Test
    void aStepReportsItsStartBeforeItsEnd() {
        StepId s = StepId.of(StepKind.HELPER, "v0.11.0");
        runner.run(s, () -> Done.of(Outcome.BUILT));
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new ProgressEvent.StepStarted(s, 1, 1));
    }

    @Test
    void aComputedValueIsReturnedAndDescribed() {
        Integer value = runner.run(StepId.of(StepKind.RUNNER_TOKEN), () -> 42, v -> Done.of(Outcome.CREATED, "#" + v));
        assertThat(value).isEqualTo(42);
        assertThat(finished()).containsExactly("1/1 runner in GitLab: created (#42)");
    }

    @Test
    void stepsDeclaredLastStayLastAndCountFromTheFirstLine() {
        StepId state = StepId.of(StepKind.STATE_REMOVAL);
        StepId container = StepId.of(StepKind.CONTAINER_REMOVAL, "p-runner");
        StepId network = StepId.of(StepKind.NETWORK_REMOVAL, "n");
        runner.expectLast(List.of(state));
        runner.expect(List.of(container));
        runner.run(container, () -> Done.of(Outcome.REMOVED));
        runner.expect(List.of(network)); // declared later, still before the last
        runner.run(network, () -> Done.of(Outcome.REMOVED));
        runner.run(state, () -> Done.of(Outcome.REMOVED));
        assertThat(finished()).extracting(l -> l.substring(0, 3)).containsExactly("1/2", "2/3", "3/3");
    }
}

package dev.runnerops.orchestrator.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollerTest {
    private static final StepId STEP = StepId.of(StepKind.GITLAB_READY);
    private final Poller poller = new Poller(Duration.ofMillis(10));

    private static ReadinessCheck readyAfter(int attempts, AtomicInteger counter) {
        return new ReadinessCheck() {
            @Override
            public boolean isReady() {
                return counter.incrementAndGet() >= attempts;
            }

            @Override
            public String describe() {
                return "the thing";
            }
        };
    }

    @Test
    void itReturnsOnceTheCheckPassesAndReportsTheWaitMeanwhile() {
        AtomicInteger attempts = new AtomicInteger();
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        poller.await(STEP, readyAfter(3, attempts), Duration.ofMinutes(1), events::add);
        assertThat(attempts).hasValue(3);
        assertThat(events).hasSize(2).allMatch(e -> e instanceof ProgressEvent.Waiting w
                && w.condition().equals("the thing") && w.step().equals(STEP));
    }

    @Test
    void itTimesOutNamingWhatItWaitedFor() {
        assertThatThrownBy(() -> poller.await(STEP, readyAfter(Integer.MAX_VALUE, new AtomicInteger()),
                Duration.ofMillis(50), e -> { }))
                .isInstanceOf(WaitTimeoutException.class)
                .hasMessageContaining("waiting for the thing");
    }

    @Test
    void anExecCheckAbortsWhenTheContainerStoppedInsteadOfWaitingOut() {
        FakeDockerEngine engine = new FakeDockerEngine().withImage("gitlab:1");
        var c = engine.addContainer(new ContainerSpec(Service.GITLAB, "g", "gitlab:1", "g", "n", List.of(), Map.of(),
                List.of(), List.of(), "no", 0, false, Map.of()), false);
        ExecCheck check = new ExecCheck(engine, c.name, List.of("curl"), "readiness");
        assertThatThrownBy(() -> poller.await(STEP, check, Duration.ofMinutes(5), e -> { }))
                .isInstanceOf(WaitAbortedException.class)
                .hasMessageContaining("The container g stopped while waiting for readiness (state: exited)");
    }

    @Test
    void anExecCheckPassesOnExitCodeZero() {
        FakeDockerEngine engine = new FakeDockerEngine().withImage("gitlab:1")
                .onExec(List.of("curl"), new ExecResult(0, "ok", ""));
        var c = engine.addContainer(new ContainerSpec(Service.GITLAB, "g", "gitlab:1", "g", "n", List.of(), Map.of(),
                List.of(), List.of(), "no", 0, false, Map.of()), true);
        assertThat(new ExecCheck(engine, c.name, List.of("curl"), "readiness").isReady()).isTrue();
    }
}

package dev.runnerops.orchestrator.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.errors.ProjectBusyException;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project's claim on a remote engine, against the in-memory engine (which gives a name once, as Docker does). */
class EngineLockTest {
    private static final Duration SHORT = Duration.ofSeconds(1);

    /** A claim as another run made it: the lock image, the claim's name, the holder's labels. */
    private static void claimedBy(FakeDockerEngine engine, String machine, long pid) {
        engine.withImage(EngineLock.IMAGE);
        engine.addContainer(new ContainerSpec(Service.RUNNER, "p-lock", EngineLock.IMAGE, "", "", List.of(), Map.of(),
                List.of(), List.of(), "no", 0, false, Map.of(EngineLock.LOCK_OF, "p", EngineLock.MACHINE, machine,
                EngineLock.PID, String.valueOf(pid), EngineLock.HOLDER, "pid " + pid + " on " + machine
                        + ", `up`, since 2026-11-26T10:00:00Z")), false);
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aFreeProjectIsClaimedAndReleased() {
        FakeDockerEngine engine = new FakeDockerEngine().remote();
        try (EngineLock lock = EngineLock.acquire(engine, "p", "up", SHORT, m -> { })) {
            assertThat(engine.containerNamed("p-lock")).hasValueSatisfying(c ->
                    assertThat(c.labels).containsEntry(EngineLock.LOCK_OF, "p")
                            .containsEntry(EngineLock.PID, String.valueOf(ProcessHandle.current().pid())));
        }
        assertThat(engine.containerNamed("p-lock")).isEmpty();
        assertThat(engine.calls()).containsExactly("build " + EngineLock.IMAGE, "claim p-lock", "remove p-lock");
    }

    @Test
    void aSecondRunWaitsThenFailsNamingTheHolderAndHowToRemoveItsClaim() {
        FakeDockerEngine engine = new FakeDockerEngine().remote();
        List<String> told = new ArrayList<>();
        try (EngineLock first = EngineLock.acquire(engine, "p", "up --complete", SHORT, m -> { })) {
            assertThatThrownBy(() -> EngineLock.acquire(engine, "p", "down", SHORT, told::add))
                    .isInstanceOf(ProjectBusyException.class)
                    .hasMessageContaining("`up --complete`")
                    .hasMessageContaining("project.lock_timeout")
                    .hasMessageContaining("docker --host tcp://engine.example:2376 rm p-lock");
            assertThat(told).singleElement().satisfies(m -> assertThat(m).contains("waiting up to 1 s"));
        }
        // The first run's claim went with it; the next run gets the project at once.
        try (EngineLock next = EngineLock.acquire(engine, "p", "down", SHORT, told::add)) {
            assertThat(engine.containerNamed("p-lock")).isPresent();
        }
    }

    @Test
    void aClaimLeftByAKilledRunOfThisMachineIsTakenOver() throws Exception {
        FakeDockerEngine engine = new FakeDockerEngine().remote();
        long dead = deadPid();
        claimedBy(engine, EngineLock.thisMachine(), dead);
        List<String> told = new ArrayList<>();
        try (EngineLock lock = EngineLock.acquire(engine, "p", "up", SHORT, told::add)) {
            assertThat(engine.containerNamed("p-lock")).hasValueSatisfying(c ->
                    assertThat(c.labels).containsEntry(EngineLock.PID, String.valueOf(ProcessHandle.current().pid())));
        }
        assertThat(told).singleElement().satisfies(m -> assertThat(m).contains("Took over", "pid " + dead));
    }

    @Test
    void aClaimOfAnotherMachineIsNeverTakenOverEvenWhenItsPidIsFreeHere() throws Exception {
        FakeDockerEngine engine = new FakeDockerEngine().remote();
        claimedBy(engine, "ci-box/0123456789ab", deadPid());
        assertThatThrownBy(() -> EngineLock.acquire(engine, "p", "up", SHORT, m -> { }))
                .isInstanceOf(ProjectBusyException.class).hasMessageContaining("on ci-box/0123456789ab");
        assertThat(engine.containerNamed("p-lock")).hasValueSatisfying(c ->
                assertThat(c.labels).containsEntry(EngineLock.MACHINE, "ci-box/0123456789ab"));
    }
}

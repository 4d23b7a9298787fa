package dev.runnerops.orchestrator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.errors.ProjectBusyException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project lock between two operations of one JVM (another process is the integration tests' job). */
class ProjectLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondOperationWaitsNamingTheHolderAndGivesUpAfterTheBound() {
        Path file = dir.resolve("lock");
        List<String> told = new CopyOnWriteArrayList<>();
        try (ProjectLock held = ProjectLock.acquire(file, "up --complete", Duration.ofSeconds(5), told::add)) {
            assertThatThrownBy(() -> ProjectLock.acquire(file, "down", Duration.ofMillis(500), told::add))
                    .isInstanceOf(ProjectBusyException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("`up --complete`")
                    .hasMessageContaining("project.lock_timeout");
        }
        assertThat(told).singleElement().asString().contains("Another operation on this project is running",
                "`up --complete`");
    }

    @Test
    void aReleasedLockIsTakenByTheOneWaiting() throws Exception {
        Path file = dir.resolve("lock");
        ProjectLock first = ProjectLock.acquire(file, "up", Duration.ofSeconds(5), m -> { });
        List<String> told = new CopyOnWriteArrayList<>();
        CompletableFuture<ProjectLock> second = CompletableFuture.supplyAsync(
                () -> ProjectLock.acquire(file, "down", Duration.ofSeconds(30), told::add));
        while (told.isEmpty()) { // waits for the condition: the second one is waiting
            Thread.sleep(20);
        }
        assertThat(second).isNotDone();
        first.close();
        try (ProjectLock taken = second.get(30, TimeUnit.SECONDS)) {
            assertThat(ProjectLock.holder(file)).contains("`down`");
        }
    }
}

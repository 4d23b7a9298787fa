package dev.runnerops.orchestrator.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.model.DownResult;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.steps.TestContext;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownOperationTest {
    @TempDir
    Path dir;

    @Test
    void everyContainerAndNetworkOfTheProjectGoesDuplicatesIncludedAndNothingElse() throws IOException {
        TestContext p = TestContext.in(dir);
        FakeDockerEngine engine = new FakeDockerEngine().withSocket(p.socket()).withImage("runner:1");
        engine.addNetwork("gitlab-ecr-network", Labels.project("p"));
        engine.addNetwork("gitlab-ecr-network", Labels.project("p"));
        engine.addNetwork("someone-elses", Labels.project("other"));
        var runner = Plans.of(p.context(engine), Mode.RUNNER_ONLY).runner();
        engine.addContainer(runner, true);
        engine.addContainer(runner.renamed("p-runner-replacement"), false);

        DownResult result = new DownOperation(p.context(engine)).run();

        assertThat(result.removedContainers()).containsExactlyInAnyOrder("p-runner", "p-runner-replacement");
        assertThat(result.removedNetworks()).containsExactly("gitlab-ecr-network", "gitlab-ecr-network");
        assertThat(engine.allContainers()).isEmpty();
        assertThat(engine.allNetworks()).extracting(n -> n.name()).containsExactly("someone-elses");
    }

    @Test
    void twiceIsFine() throws IOException {
        TestContext p = TestContext.in(dir);
        FakeDockerEngine engine = new FakeDockerEngine().withSocket(p.socket());
        DownResult result = new DownOperation(p.context(engine)).run();
        assertThat(result.removedContainers()).isEmpty();
        assertThat(result.removedNetworks()).isEmpty();
    }
}

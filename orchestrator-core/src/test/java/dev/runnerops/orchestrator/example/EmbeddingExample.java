package dev.runnerops.orchestrator.example;

// README:begin
import dev.runnerops.orchestrator.api.Orchestrator;
import dev.runnerops.orchestrator.config.ConfigLoader;
import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.errors.ConfigurationException;
import dev.runnerops.orchestrator.errors.OrchestratorException;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.model.StatusReport;
import dev.runnerops.orchestrator.model.UpResult;
import java.nio.file.Path;

public class EmbeddingExample {
    public static void main(String[] args) {
        try {
            OrchestratorConfig config = ConfigLoader.withSystemEnvironment().load(Path.of("orchestrator.toml"));
            try (Orchestrator orchestrator = Orchestrator.builder(config)
                    .listener(event -> {                      // called from several threads
                        if (event instanceof ProgressEvent.StepFinished f) {
                            System.out.println(f.position() + "/" + f.total() + " " + f.step() + ": " + f.outcomeText());
                        }
                    })
                    .build()) {
                UpResult up = orchestrator.up(Mode.RUNNER_ONLY);  // or Mode.COMPLETE
                System.out.println(up.registration().words());   // "registered" / "already registered"
                StatusReport status = orchestrator.status();
                System.out.println(status.containers());
                orchestrator.down();
            }
        } catch (ConfigurationException e) {
            System.err.println(e.setting() + ": " + e.getMessage());
        } catch (OrchestratorException e) {
            System.err.println(e.getMessage());                  // one paragraph, written for users
        }
    }
}
// README:end

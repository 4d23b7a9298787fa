package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes the Docker config.json that every job mounts at /root/.docker/config.json, so `docker` commands in
 * Docker-in-Docker jobs log in to ECR through the helper. Left untouched when already right.
 */
public final class WriteJobAuthConfigStep {
    private final Context ctx;

    public WriteJobAuthConfigStep(Context ctx) {
        this.ctx = ctx;
    }

    public static StepId id(Path file) {
        return StepId.of(StepKind.JOB_DOCKER_CONFIG, file.getFileName().toString());
    }

    public Done run(String json) {
        Path file = ctx.mounted().jobDockerConfig();
        return ctx.steps().run(id(file), () -> {
            byte[] content = (json + "\n").getBytes(StandardCharsets.UTF_8);
            if (Files.isDirectory(file)) {
                throw new OperationException("write file", file.toString(), file + " is a folder, but the jobs' "
                        + "Docker config.json belongs there (Docker creates an empty folder for a missing bind source). "
                        + "Remove the folder and run up again.");
            }
            // The job volumes' host folders must exist before a job starts, or Docker makes them root-owned.
            ctx.site().ensureDirectory(ctx.mounted().jobClientCertsDir());
            ctx.site().ensureDirectory(ctx.mounted().jobCacheDir());
            if (ctx.site().read(file).filter(b -> Arrays.equals(b, content)).isPresent()) {
                return Done.of(Outcome.UNCHANGED);
            }
            ctx.site().write(file, content, 0644);
            return Done.of(Outcome.WRITTEN);
        });
    }
}

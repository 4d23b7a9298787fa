package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
        Path file = ctx.layout().jobDockerConfig();
        return ctx.steps().run(id(file), () -> {
            String content = json + "\n";
            if (Files.isDirectory(file)) {
                throw new OperationException("write file", file.toString(), file + " is a folder, but the jobs' "
                        + "Docker config.json belongs there (Docker creates an empty folder for a missing bind source). "
                        + "Remove the folder and run up again.");
            }
            // The job volumes' host folders must exist before a job starts, or Docker makes them root-owned.
            ctx.state().ensureDirectory(ctx.layout().jobClientCertsDir());
            ctx.state().ensureDirectory(ctx.layout().jobCacheDir());
            if (Files.isRegularFile(file) && content.equals(read(file))) {
                return Done.of(Outcome.UNCHANGED);
            }
            ctx.state().write(file, content, false);
            return Done.of(Outcome.WRITTEN);
        });
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

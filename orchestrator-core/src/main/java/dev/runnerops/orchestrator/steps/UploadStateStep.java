package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.plan.StackPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * When the state lives on the engine: makes the project's volumes and copies there what this machine provides
 * and containers mount, the helper binary (0755) and the AWS credentials file (0600), so that no container
 * mounts a path of this machine. Copies only what is missing or changed.
 */
public final class UploadStateStep {
    private final Context ctx;

    public UploadStateStep(Context ctx) {
        this.ctx = ctx;
    }

    public static StepId id(Context ctx) {
        return StepId.of(StepKind.STATE, EngineStateSite.stateVolume(ctx.project()));
    }

    public Done run(StackPlan plan) {
        return ctx.steps().run(id(ctx), () -> {
            ctx.site().prepare(plan.gitlab().isPresent());
            List<String> copied = new ArrayList<>();
            Path helper = plan.mounts().helper(plan.helper());
            long size = size(plan.helperBinary());
            if (ctx.site().size(helper).filter(s -> s == size).isEmpty()) {
                ctx.site().write(helper, bytes(plan.helperBinary()), 0755);
                copied.add("helper");
            }
            var credentials = ctx.config().aws().credentialsFile();
            if (credentials.isPresent()) {
                Path mounted = plan.mounts().credentials(ctx.config()).orElseThrow();
                byte[] content = bytes(credentials.get());
                if (ctx.site().read(mounted).filter(b -> Arrays.equals(b, content)).isEmpty()) {
                    ctx.site().write(mounted, content, 0600);
                    copied.add("AWS credentials");
                }
            }
            return copied.isEmpty() ? Done.of(Outcome.UNCHANGED) : Done.of(Outcome.WRITTEN, String.join(", ", copied));
        });
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new OperationException("read file", file.toString(), "Cannot read " + file + ": " + e.getMessage()
                    + ".", e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OperationException("read file", file.toString(), "Cannot read " + file + ": " + e.getMessage()
                    + ".", e);
        }
    }
}

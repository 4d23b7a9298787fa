package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.OrchestratorConfig.HelperSource;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.plan.HelperPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Provides docker-credential-ecr-login for the engine's platform: {@code release} downloads the static binary
 * the upstream project publishes and keeps it only when its SHA-256 is the expected one ({@link HelperDownload});
 * {@code build} compiles it in Docker ({@link HelperBuild}); {@code local} uses the user's binary as is. A
 * downloaded or built binary is kept in the state folder under a name that says what it is (source, version,
 * platform, sum): a second {@code up} reuses it, and a binary for another platform or sum is never reused.
 */
public final class ProvideHelperStep {
    private final Context ctx;
    private final Map<String, String> environment;

    public ProvideHelperStep(Context ctx) {
        this(ctx, System.getenv());
    }

    /** @param environment where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read */
    public ProvideHelperStep(Context ctx, Map<String, String> environment) {
        this.ctx = ctx;
        this.environment = Map.copyOf(environment);
    }

    public static StepId id(OrchestratorConfig.Helper helper) {
        return StepId.of(StepKind.HELPER, helper.source() == HelperSource.LOCAL ? helper.localPath().toString()
                : helper.version());
    }

    public Path run(HelperPlan helper) {
        StepId step = id(ctx.config().helper());
        ctx.steps().run(step, () -> {
            if (helper.source() == HelperSource.LOCAL) {
                return Done.of(Outcome.LOCAL);
            }
            Path target = helper.binary();
            String platform = helper.platform().orElseThrow().id();
            if (Files.isRegularFile(target)) {
                return Done.of(Outcome.REUSED, platform);
            }
            if (Files.isDirectory(target)) {
                throw new OperationException("provide helper", target.toString(), target + " is a folder, but the "
                        + "helper binary belongs there (an old bind mount of a missing file leaves such folders). "
                        + "Remove it and run up again.");
            }
            if (helper.source() == HelperSource.RELEASE) {
                long bytes = new HelperDownload(ctx, environment).download(helper, step);
                return Done.of(Outcome.DOWNLOADED, String.format(java.util.Locale.ROOT, "%s, %.1f MB, sha256 %s",
                        platform, bytes / 1e6, helper.sha256().orElseThrow().substring(0, 12) + "…"));
            }
            new HelperBuild(ctx).build(helper, step);
            return Done.of(Outcome.BUILT, platform);
        });
        return helper.binary();
    }

    /** Containers and images of this project's helper builds, including those of a build that was killed. */
    public void removeLeftovers() {
        new HelperBuild(ctx).removeLeftovers();
    }
}

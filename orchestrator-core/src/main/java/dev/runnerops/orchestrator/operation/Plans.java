package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.config.OrchestratorConfig.HelperSource;
import dev.runnerops.orchestrator.engine.EngineInfo;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.plan.HelperPlan;
import dev.runnerops.orchestrator.plan.HelperPlatform;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.plan.StackPlanner;
import dev.runnerops.orchestrator.steps.Context;

/** The plan for this engine, and the running containers an operation needs. */
final class Plans {
    private Plans() {}

    static StackPlan of(Context ctx, Mode mode) {
        return StackPlanner.plan(ctx.config(), mode, ctx.site().mounts(), helper(ctx));
    }

    /** The helper for the engine's platform, read from the engine (not from this JVM); a local one needs none. */
    static HelperPlan helper(Context ctx) {
        if (ctx.config().helper().source() == HelperSource.LOCAL) {
            return HelperPlan.of(ctx.config(), null);
        }
        EngineInfo info = ctx.engine().info();
        return HelperPlan.of(ctx.config(), HelperPlatform.ofEngine(info.os(), info.architecture()));
    }

    /** The running container of the service, or an error that says to run {@code up} first. */
    static String runningContainer(Context ctx, Observation observed, Service service, String what) {
        String name = StackPlanner.containerName(ctx.config(), service);
        var c = observed.service(service, name);
        if (c.isEmpty() || !c.get().running()) {
            throw new OperationException("find running container", name, "The " + what + " container of project "
                    + ctx.project() + " is not running" + c.map(i -> " (state: " + i.state() + ")").orElse("")
                    + ". Run `up" + (service == Service.GITLAB ? " --complete" : "") + "` first.");
        }
        return c.get().name();
    }
}

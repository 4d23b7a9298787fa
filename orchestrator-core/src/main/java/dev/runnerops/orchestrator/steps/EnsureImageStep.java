package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.errors.EngineException;
import dev.runnerops.orchestrator.errors.EngineUnavailableException;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;

/**
 * A local image is used as is; a missing one is pulled, with progress, and remembered as pulled by this
 * project so that {@code clean} may remove it later (and never an image the user had before).
 */
public final class EnsureImageStep {
    private final Context ctx;

    public EnsureImageStep(Context ctx) {
        this.ctx = ctx;
    }

    public static StepId id(String image) {
        return StepId.of(StepKind.IMAGE, image);
    }

    /**
     * @param setting the setting that names the image, for the error message
     * @param present whether the image was found locally (looked up beforehand, beside other lookups)
     */
    public Done run(String image, String setting, boolean present) {
        StepId step = id(image);
        return ctx.steps().run(step, () -> {
            if (present) {
                return Done.of(Outcome.PRESENT);
            }
            try {
                ctx.engine().pullImage(image, (status, current, total) ->
                        ctx.steps().transfer(step, status, current, total));
            } catch (EngineUnavailableException e) {
                throw e;
            } catch (EngineException e) {
                throw new OperationException("pull image", image, "The image " + image + " (" + setting + ") is "
                        + "neither on this Docker engine nor pullable: " + e.getMessage() + " Check the name and tag, "
                        + "log in to its registry with `docker login`, or load it with `docker load`.", e);
            }
            ctx.state().recordPulledImage(image);
            return Done.of(Outcome.PULLED);
        });
    }

    public Done run(String image, String setting) {
        return run(image, setting, ctx.engine().imageId(image).isPresent());
    }
}

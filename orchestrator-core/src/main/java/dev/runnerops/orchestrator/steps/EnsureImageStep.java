package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.api.OrchestratorException;
import dev.runnerops.orchestrator.engine.EngineException;
import dev.runnerops.orchestrator.engine.EngineUnavailableException;

/**
 * A local image is used as is; a missing one is pulled, with progress, and remembered as pulled by this
 * project so that {@code clean} may remove it later (and never an image the user had before).
 */
public final class EnsureImageStep {
    private final Context ctx;

    public EnsureImageStep(Context ctx) {
        this.ctx = ctx;
    }

    /** @param setting the setting that names the image, for the error message */
    public String run(String image, String setting) {
        return run(image, setting, ctx.engine().imageId(image).isPresent());
    }

    /** @param present whether the image was found locally (looked up beforehand, beside other lookups) */
    public String run(String image, String setting, boolean present) {
        return ctx.reporter().step("image " + image, () -> {
            if (present) {
                return "present";
            }
            try {
                ctx.engine().pullImage(image, ctx.reporter()::emit);
            } catch (EngineUnavailableException e) {
                throw e;
            } catch (EngineException e) {
                throw new OrchestratorException("The image " + image + " (" + setting + ") is neither on this Docker "
                        + "engine nor pullable: " + e.getMessage() + " Check the name and tag, log in to its "
                        + "registry with `docker login`, or load it with `docker load`.", e);
            }
            ctx.state().recordPulledImage(image);
            return "pulled";
        });
    }
}

package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.api.OrchestratorException;
import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.plan.BindMount;
import dev.runnerops.orchestrator.plan.ContainerAction;
import dev.runnerops.orchestrator.plan.Labels;
import java.time.Duration;
import java.util.Optional;

/** Applies one {@link ContainerAction}: keep, start, recreate or create. */
public final class ConvergeContainerStep {
    private final Context ctx;

    public ConvergeContainerStep(Context ctx) {
        this.ctx = ctx;
    }

    /** A container of the same name that this project did not create blocks creation: say so up front. */
    public void checkNameFree(ContainerAction action) {
        if (action.kind() != ContainerAction.Kind.CREATE) {
            return;
        }
        Optional<ContainerInfo> other = ctx.engine().container(action.spec().name());
        other.ifPresent(c -> {
            if (!ctx.project().equals(c.label(Labels.PROJECT))) {
                throw new OrchestratorException("A container named " + c.name() + " already exists and was not created "
                        + "by this project. Remove or rename it (docker rm -f " + c.name() + "), or choose another "
                        + "project.name in " + ctx.config().source() + ".");
            }
        });
    }

    public String run(ContainerAction action) {
        return ctx.reporter().step("container " + action.spec().name(), () -> {
            switch (action.kind()) {
                case KEEP -> {
                    return "running, unchanged";
                }
                case START -> {
                    ctx.engine().startContainer(action.existingId());
                    return "started";
                }
                case RECREATE -> {
                    ctx.engine().stopContainer(action.existingId(), Duration.ofSeconds(30));
                    ctx.engine().removeContainer(action.existingId());
                    createAndStart(action);
                    return "recreated (" + action.cause() + ")";
                }
                default -> {
                    createAndStart(action);
                    return "created";
                }
            }
        });
    }

    private void createAndStart(ContainerAction action) {
        for (BindMount m : action.spec().mounts()) {
            if (m.kind() == BindMount.SourceKind.STATE_DIRECTORY) {
                ctx.state().ensureDirectory(m.source());
            }
        }
        String id = ctx.engine().createContainer(action.spec());
        ctx.engine().startContainer(id);
    }
}

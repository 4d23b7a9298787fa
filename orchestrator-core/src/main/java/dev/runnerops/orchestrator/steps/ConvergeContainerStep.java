package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.plan.BindMount;
import dev.runnerops.orchestrator.plan.ContainerAction;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.plan.ObservedContainer;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.plan.StackPlanner;
import dev.runnerops.orchestrator.state.RunnerSystemId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Applies one {@link ContainerAction}. A replacement is made as Compose makes it: the new container is created
 * under a temporary name beside the old one, the old one is stopped, the new one started, and only then is the
 * old one removed and the new one renamed. If the new one cannot be created or started, the old one keeps
 * running.
 */
public final class ConvergeContainerStep {
    static final String REPLACEMENT_SUFFIX = "-replacement";

    private final Context ctx;

    public ConvergeContainerStep(Context ctx) {
        this.ctx = ctx;
    }

    public static StepId id(String containerName) {
        return StepId.of(StepKind.CONTAINER, containerName);
    }

    /** A container of the same name that this project did not create blocks creation: say so up front. */
    public void checkNameFree(ContainerAction action) {
        if (action.kind() != ContainerAction.Kind.CREATE && action.kind() != ContainerAction.Kind.RENAME) {
            return;
        }
        Optional<ContainerInfo> other = ctx.engine().container(action.spec().name());
        other.ifPresent(c -> {
            if (!ctx.project().equals(c.label(Labels.PROJECT))) {
                throw new OperationException("create container", c.name(), "A container named " + c.name()
                        + " already exists and was not created by this project. Remove or rename it (docker rm -f "
                        + c.name() + "), or choose another project.name in " + ctx.config().source() + ".");
            }
        });
    }

    public Done run(ContainerAction action) {
        return ctx.steps().run(id(action.name()), () -> switch (action.kind()) {
            case KEEP -> Done.of(Outcome.UNCHANGED);
            case START -> {
                ctx.engine().startContainer(action.existing().id());
                yield Done.of(Outcome.STARTED);
            }
            case RENAME -> {
                ctx.engine().renameContainer(action.existing().id(), action.spec().name());
                if (!action.existing().running()) {
                    ctx.engine().startContainer(action.existing().id());
                }
                yield Done.of(Outcome.STARTED, "was " + action.existing().name());
            }
            case RECREATE -> {
                replace(action.spec(), action.existing());
                yield Done.of(Outcome.RECREATED, action.cause());
            }
            case CREATE -> {
                ctx.engine().startContainer(create(action.spec()));
                yield Done.of(Outcome.CREATED);
            }
            case REMOVE -> {
                ctx.engine().stopContainer(action.existing().id(), action.existing().service() == null
                        ? Service.RUNNER.stopGrace() : action.existing().service().stopGrace());
                ctx.engine().removeContainer(action.existing().id());
                yield Done.of(Outcome.REMOVED, action.cause());
            }
        });
    }

    private void replace(ContainerSpec spec, ObservedContainer old) {
        String temporary = spec.name() + REPLACEMENT_SUFFIX;
        String replacement;
        try {
            replacement = create(spec.renamed(temporary));
        } catch (RuntimeException e) {
            throw new OperationException("recreate container", spec.name(), "Could not create the replacement of "
                    + spec.name() + ": " + e.getMessage() + " The old container keeps running.", e);
        }
        ctx.engine().stopContainer(old.id(), spec.service().stopGrace());
        try {
            ctx.engine().startContainer(replacement);
        } catch (RuntimeException e) {
            ctx.engine().removeContainer(replacement);
            if (old.running()) {
                ctx.engine().startContainer(old.id());
            }
            throw new OperationException("recreate container", spec.name(), "The replacement of " + spec.name()
                    + " did not start: " + e.getMessage() + " It was removed; the old container "
                    + (old.running() ? "was started again and keeps running." : "is left as it was."), e);
        }
        ctx.engine().removeContainer(old.id());
        ctx.engine().renameContainer(replacement, spec.name());
    }

    private String create(ContainerSpec spec) {
        for (BindMount m : spec.mounts()) {
            if (m.kind() == BindMount.SourceKind.STATE_DIRECTORY) {
                ctx.site().ensureDirectory(m.source());
            }
            if (m.target().equals(StackPlanner.RUNNER_CONFIG_TARGET)) {
                ensureRunnerSystemId(m.source().resolve(".runner_system_id"));
            }
        }
        return ctx.engine().createContainer(spec);
    }

    /**
     * Every gitlab-runner process (run, and the register and verify execs) makes a system ID when it finds none,
     * and keeps the one it made: two made at once would make this host two managers in GitLab. Made before the
     * container exists, there is one, whatever runs first.
     */
    private void ensureRunnerSystemId(Path file) {
        if (ctx.site().read(file).flatMap(RunnerSystemId::of).isEmpty()) {
            ctx.site().write(file, RunnerSystemId.random().getBytes(StandardCharsets.UTF_8), 0600);
        }
    }
}

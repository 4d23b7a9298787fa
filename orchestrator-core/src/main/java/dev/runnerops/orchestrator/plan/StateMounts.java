package dev.runnerops.orchestrator.plan;

import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.plan.BindMount.SourceKind;
import dev.runnerops.orchestrator.state.StateLayout;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the files containers mount live, as bind sources on the engine's host: the state folder of this
 * machine, or the data folders of the project's volumes on the engine (then the credentials file and the
 * helper binary are copies the tool puts there, and the Docker socket is the engine host's).
 *
 * @param layout       the mounted files' layout (its root is a path of the engine's host)
 * @param dockerSocket the engine's socket, as the runner mounts it to start job containers
 * @param onEngine     whether the files are in volumes on the engine rather than in this machine's state folder
 */
public record StateMounts(StateLayout layout, Path dockerSocket, boolean onEngine) {
    /** The engine host's socket when the engine is elsewhere: where dockerd listens by default. */
    public static final Path ENGINE_SOCKET = Path.of("/var/run/docker.sock");

    public static StateMounts host(OrchestratorConfig config, Path dockerSocket) {
        return new StateMounts(new StateLayout(config.project().stateDir()), dockerSocket, false);
    }

    /** @param stateRoot,gitlabRoot the data folders of the project's state and GitLab volumes */
    public static StateMounts engine(Path stateRoot, Path gitlabRoot) {
        return new StateMounts(new StateLayout(stateRoot, gitlabRoot), ENGINE_SOCKET, true);
    }

    /** The AWS credentials file as containers mount it: the user's file, or its copy on the engine. */
    public Optional<Path> credentials(OrchestratorConfig config) {
        return config.aws().credentialsFile().map(file -> onEngine ? layout.awsCredentials() : file);
    }

    /** The helper binary as containers mount it: where it was made or found, or its copy on the engine. */
    public Path helper(HelperPlan helper) {
        return onEngine ? layout.helperDir().resolve(helper.binary().getFileName()) : helper.binary();
    }

    /** How to treat a file the user named, once mounted from here. */
    SourceKind userFileKind() {
        return onEngine ? SourceKind.ENGINE_PATH : SourceKind.FILE;
    }

    SourceKind socketKind() {
        return onEngine ? SourceKind.ENGINE_PATH : SourceKind.SOCKET;
    }
}

package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.api.CleanOptions;
import dev.runnerops.orchestrator.api.CleanResult;
import dev.runnerops.orchestrator.api.DownResult;
import dev.runnerops.orchestrator.api.OrchestratorException;
import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.engine.EngineException;
import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.runner.RegisterCommand;
import dev.runnerops.orchestrator.runner.RunnerConfigAccess;
import dev.runnerops.orchestrator.runner.RunnerEntry;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.ProvideHelperStep;
import dev.runnerops.orchestrator.state.StateLayout;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code clean}: unregisters the runner from GitLab when it can, runs {@code down}, removes the images this
 * project pulled that no other container uses. State files only with {@link CleanOptions#removeState()},
 * and then only files this tool created; GitLab's data only with {@link CleanOptions#deleteGitLabData()}.
 */
public final class CleanOperation {
    private final Context ctx;

    public CleanOperation(Context ctx) {
        this.ctx = ctx;
    }

    public CleanResult run(CleanOptions options) {
        ctx.engine().ping();
        List<String> unregistered = unregister();
        DownResult down = new DownOperation(ctx).run();
        List<String> removedImages = new ArrayList<>();
        List<String> keptImages = new ArrayList<>();
        removeImages(removedImages, keptImages);
        List<String> removedFiles = new ArrayList<>();
        List<String> keptFiles = new ArrayList<>();
        StateLayout layout = ctx.layout();
        if (options.deleteGitLabData()) {
            ctx.reporter().step("delete GitLab data " + layout.gitlabDir(), () -> {
                deleteTree(layout.gitlabDir(), removedFiles);
                // Tokens issued by that GitLab die with it.
                deleteFile(layout.personalAccessTokenFile(), removedFiles);
                deleteFile(layout.runnerTokenFile(), removedFiles);
                return "deleted";
            });
        }
        if (options.removeState()) {
            ctx.reporter().step("remove state files", () -> {
                removeCreatedFiles(options.deleteGitLabData(), removedFiles, keptFiles);
                return removedFiles.size() + " removed, " + keptFiles.size() + " kept";
            });
        }
        return new CleanResult(unregistered, down, removedImages, keptImages, removedFiles, keptFiles);
    }

    /** gitlab-runner unregister, once per entry of this runner's name, through the running runner container. */
    private List<String> unregister() {
        String name = ctx.config().runner().name();
        Optional<ContainerInfo> runner = Observation.of(ctx).service(Service.RUNNER).filter(ContainerInfo::running);
        RunnerConfigAccess access = new RunnerConfigAccess(ctx.engine(), ctx.layout().runnerConfigToml());
        List<RunnerEntry> entries = access.parse(runner.map(ContainerInfo::name).orElse(null)).named(name);
        List<String> done = new ArrayList<>();
        if (entries.isEmpty()) {
            return done;
        }
        if (runner.isEmpty()) {
            ctx.reporter().warn("The runner container is not running, so " + name + " could not be unregistered from "
                    + "GitLab; its entry stays in " + access.hostFile() + ". Run `up` then `clean` to unregister it, or "
                    + "delete the runner in GitLab (Admin > CI/CD > Runners).");
            return done;
        }
        for (RunnerEntry entry : entries) {
            String outcome = ctx.reporter().step("unregister " + name + " from " + entry.url(), () -> {
                try {
                    ExecResult r = ctx.engine().exec(runner.get().name(), List.of("gitlab-runner", "unregister",
                            "--config", RegisterCommand.CONFIG_FILE, "--name", name), Map.of(), Duration.ofSeconds(60));
                    if (r.succeeded()) {
                        return "unregistered";
                    }
                    ctx.reporter().warn("Could not unregister " + name + " from " + entry.url() + ": "
                            + r.lastLines(1).stream().findFirst().orElse("(no output)") + ". Delete it in GitLab by hand if it still shows there.");
                } catch (EngineException e) {
                    ctx.reporter().warn("Could not unregister " + name + ": " + e.getMessage());
                }
                return "failed";
            });
            if (outcome.equals("unregistered")) {
                done.add(name + " @ " + entry.url());
            } else {
                break;
            }
        }
        return done;
    }

    /** Images this project pulled (never ones that were here before) and no container uses. */
    private void removeImages(List<String> removed, List<String> kept) {
        for (String image : ctx.state().pulledImages()) {
            ctx.reporter().step("remove image " + image, () -> {
                if (ctx.engine().imageId(image).isEmpty()) {
                    ctx.state().forgetPulledImage(image);
                    return "already gone";
                }
                if (ctx.engine().imageInUse(image)) {
                    kept.add(image);
                    return "kept: used by another container";
                }
                try {
                    ctx.engine().removeImage(image);
                } catch (EngineException e) {
                    kept.add(image);
                    return "kept: " + e.getMessage();
                }
                ctx.state().forgetPulledImage(image);
                removed.add(image);
                return "removed";
            });
        }
        new ProvideHelperStep(ctx).removeLeftovers();
    }

    /** Reverse creation order, so files go before their folders; a folder goes only when empty. */
    private void removeCreatedFiles(boolean gitlabDataDeleted, List<String> removed, List<String> kept) {
        StateLayout layout = ctx.layout();
        List<Path> created = new ArrayList<>(ctx.state().created());
        Collections.reverse(created);
        for (Path p : created) {
            if (!Files.exists(p) || (!gitlabDataDeleted && p.startsWith(layout.gitlabDir()))) {
                if (Files.exists(p)) {
                    kept.add(p + " (GitLab data: use --delete-gitlab-data)");
                }
                continue;
            }
            try {
                Files.delete(p);
                removed.add(p.toString());
            } catch (DirectoryNotEmptyException e) {
                kept.add(p + " (holds files this tool did not create)");
            } catch (IOException e) {
                kept.add(p + " (" + e.getMessage() + ")");
            }
        }
        for (Path book : List.of(layout.createdFilesFile(), layout.pulledImagesFile())) {
            if (book.equals(layout.pulledImagesFile()) && !ctx.state().pulledImages().isEmpty()) {
                continue; // still names images that were kept
            }
            deleteFile(book, removed);
        }
        for (Path dir : List.of(layout.bookkeepingDir(), layout.root())) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // not empty: it holds something this tool did not create, or kept files
            }
        }
    }

    private static void deleteFile(Path p, List<String> removed) {
        try {
            if (Files.deleteIfExists(p)) {
                removed.add(p.toString());
            }
        } catch (IOException e) {
            throw new OrchestratorException("Cannot delete " + p + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root, List<String> removed) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
            removed.add(root.toString());
        } catch (IOException e) {
            throw new OrchestratorException("Cannot delete GitLab's data in " + root + ": " + e.getMessage()
                    + ". Files written by the server may belong to other users: delete the folder with sudo.", e);
        }
    }
}

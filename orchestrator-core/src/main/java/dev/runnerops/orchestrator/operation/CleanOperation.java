package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.errors.EngineException;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.model.CleanOptions;
import dev.runnerops.orchestrator.model.CleanResult;
import dev.runnerops.orchestrator.model.DownResult;
import dev.runnerops.orchestrator.state.StateLayout;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.Done;
import dev.runnerops.orchestrator.steps.EngineStateSite;
import dev.runnerops.orchestrator.steps.ProvideHelperStep;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code clean}: first the GitLab side ({@link RunnerTeardown}), then {@code down}, then the images this project
 * pulled that no other container uses. State files only with {@link CleanOptions#removeState()}, and then only
 * files this tool created, never the token of a runner that still exists; GitLab's data only with
 * {@link CleanOptions#deleteGitLabData()}.
 */
public final class CleanOperation {
    private final Context ctx;

    public CleanOperation(Context ctx) {
        this.ctx = ctx;
    }

    public CleanResult run(CleanOptions options) {
        ctx.engine().ping();
        Observation observed = Observation.of(ctx);
        RunnerTeardown teardown = new RunnerTeardown(ctx);
        ctx.steps().expect(teardown.steps(observed));
        StateLayout layout = ctx.layout();
        boolean onEngine = ctx.site().mounts().onEngine();
        String gitlabData = onEngine ? EngineStateSite.gitlabVolume(ctx.project()) : layout.gitlabDir().toString();
        List<StepId> closing = new ArrayList<>();
        if (options.deleteGitLabData()) {
            closing.add(StepId.of(StepKind.GITLAB_DATA_DELETION, gitlabData));
        }
        if (options.removeState()) {
            closing.add(StepId.of(StepKind.STATE_REMOVAL));
        }
        ctx.steps().expectLast(closing);
        RunnerTeardown.Result gitlabSide = teardown.run(observed, options.deleteGitLabData());
        ctx.site().close(); // its access container holds the volumes and the runner image
        DownResult down = new DownOperation(ctx).run();
        List<String> removedImages = new ArrayList<>();
        List<String> keptImages = new ArrayList<>();
        removeImages(removedImages, keptImages);
        List<String> removedFiles = new ArrayList<>();
        List<String> keptFiles = new ArrayList<>();
        if (options.deleteGitLabData()) {
            ctx.steps().run(StepId.of(StepKind.GITLAB_DATA_DELETION, gitlabData), () -> {
                if (onEngine) {
                    removeVolume(EngineStateSite.gitlabVolume(ctx.project()), removedFiles);
                } else {
                    deleteTree(layout.gitlabDir(), removedFiles);
                }
                // Tokens issued by that GitLab die with it.
                deleteFile(layout.personalAccessTokenFile(), removedFiles);
                deleteFile(layout.runnerTokenFile(), removedFiles);
                deleteFile(layout.runnerIdFile(), removedFiles);
                return Done.of(Outcome.DELETED);
            });
        }
        if (options.removeState()) {
            ctx.steps().run(StepId.of(StepKind.STATE_REMOVAL), () -> {
                if (onEngine) {
                    removeVolume(EngineStateSite.stateVolume(ctx.project()), removedFiles);
                }
                removeCreatedFiles(options.deleteGitLabData(), gitlabSide.runnerLeft(), removedFiles, keptFiles);
                return Done.of(Outcome.REMOVED, removedFiles.size() + " removed, " + keptFiles.size() + " kept");
            });
        }
        return new CleanResult(gitlabSide.deleted(), gitlabSide.unregistered(), gitlabSide.left(), down, removedImages,
                keptImages, removedFiles, keptFiles);
    }

    private void removeVolume(String volume, List<String> removed) {
        if (ctx.engine().volumeMountpoint(volume).isPresent()) {
            ctx.engine().removeVolume(volume);
            removed.add("volume " + volume + " on " + ctx.engine().host());
        }
    }

    /** Images this project pulled (never ones that were here before) and no container uses. */
    private void removeImages(List<String> removed, List<String> kept) {
        List<String> pulled = ctx.state().pulledImages();
        ctx.steps().expect(pulled.stream().map(i -> StepId.of(StepKind.IMAGE_REMOVAL, i)).toList());
        for (String image : pulled) {
            ctx.steps().run(StepId.of(StepKind.IMAGE_REMOVAL, image), () -> {
                if (ctx.engine().imageId(image).isEmpty()) {
                    ctx.state().forgetPulledImage(image);
                    return Done.of(Outcome.ALREADY_GONE);
                }
                if (ctx.engine().imageInUse(image)) {
                    kept.add(image);
                    return Done.of(Outcome.KEPT, "used by another container");
                }
                try {
                    ctx.engine().removeImage(image);
                } catch (EngineException e) {
                    kept.add(image);
                    return Done.of(Outcome.KEPT, e.getMessage());
                }
                ctx.state().forgetPulledImage(image);
                removed.add(image);
                return Done.of(Outcome.REMOVED);
            });
        }
        new ProvideHelperStep(ctx).removeLeftovers();
    }

    /** Reverse creation order, so files go before their folders; a folder goes only when empty. */
    private void removeCreatedFiles(boolean gitlabDataDeleted, boolean runnerLeft, List<String> removed,
                                    List<String> kept) {
        StateLayout layout = ctx.layout();
        List<Path> created = new ArrayList<>(ctx.state().created());
        Collections.reverse(created);
        for (Path p : created) {
            if (!Files.exists(p) || p.equals(layout.bookkeepingDir()) || p.equals(layout.root())) {
                continue; // the folders of the bookkeeping and the state go last, below
            }
            if (!gitlabDataDeleted && p.startsWith(layout.gitlabDir())) {
                kept.add(p + " (GitLab data: use --delete-gitlab-data)");
                continue;
            }
            if (runnerLeft && (p.equals(layout.runnerTokenFile()) || p.equals(layout.runnerIdFile()))) {
                kept.add(p + " (its runner still exists in GitLab)");
                continue;
            }
            if (p.equals(layout.runnerConfigDir()) && !Files.exists(layout.runnerConfigToml())) {
                // gitlab-runner's id of this host's manager, which left GitLab with config.toml's entries
                deleteFile(layout.runnerSystemIdFile(), removed);
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
        for (Path book : List.of(layout.createdFilesFile(), layout.pulledImagesFile(), layout.lockFile())) {
            if (book.equals(layout.pulledImagesFile()) && !ctx.state().pulledImages().isEmpty()) {
                continue; // still names images that were kept
            }
            if (book.equals(layout.createdFilesFile()) && !kept.isEmpty()) {
                continue; // still needed to remove the kept files later
            }
            deleteFile(book, removed);
        }
        for (Path dir : List.of(layout.bookkeepingDir(), layout.root())) {
            try {
                if (Files.deleteIfExists(dir)) {
                    removed.add(dir.toString());
                }
            } catch (DirectoryNotEmptyException e) {
                if (created.contains(dir) && kept.stream().noneMatch(k -> k.startsWith(dir + "/"))) {
                    kept.add(dir + " (holds files this tool did not create)");
                }
            } catch (IOException e) {
                kept.add(dir + " (" + e.getMessage() + ")");
            }
        }
    }

    private static void deleteFile(Path p, List<String> removed) {
        try {
            if (Files.deleteIfExists(p)) {
                removed.add(p.toString());
            }
        } catch (IOException e) {
            throw new OperationException("delete file", p.toString(), "Cannot delete " + p + ": " + e.getMessage()
                    + ".", e);
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
            throw new OperationException("delete folder", root.toString(), "Cannot delete GitLab's data in " + root
                    + ": " + e.getMessage() + ". Files written by the server may belong to other users: delete the "
                    + "folder with sudo.", e);
        }
    }
}

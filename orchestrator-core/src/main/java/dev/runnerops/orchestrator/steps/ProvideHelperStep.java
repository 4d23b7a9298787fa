package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.OrchestratorConfig.HelperSource;
import dev.runnerops.orchestrator.engine.Tar;
import dev.runnerops.orchestrator.errors.EngineException;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.plan.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Provides docker-credential-ecr-login. With {@code helper.source = "build"}: one static Go build
 * ({@code CGO_ENABLED=0 go install ...@version}) in a multi-stage Docker build, the binary copied out through
 * the archive API, the temporary container and images removed. The binary runs in the Ubuntu-based runner and
 * in Alpine-based job images alike. Kept per version: a second {@code up} reuses it.
 */
public final class ProvideHelperStep {
    public static final String PACKAGE = "github.com/awslabs/amazon-ecr-credential-helper/ecr-login/cli/docker-credential-ecr-login";
    private static final String BINARY_IN_IMAGE = "/docker-credential-ecr-login";

    private final Context ctx;

    public ProvideHelperStep(Context ctx) {
        this.ctx = ctx;
    }

    public static StepId id(OrchestratorConfig.Helper helper) {
        return StepId.of(StepKind.HELPER, helper.source() == HelperSource.LOCAL ? helper.localPath().toString()
                : helper.version());
    }

    public Path run(Path target) {
        OrchestratorConfig.Helper helper = ctx.config().helper();
        ctx.steps().run(id(helper), () -> {
            if (helper.source() == HelperSource.LOCAL) {
                return Done.of(Outcome.LOCAL);
            }
            if (Files.isRegularFile(target)) {
                return Done.of(Outcome.REUSED);
            }
            if (Files.isDirectory(target)) {
                throw new OperationException("build helper", target.toString(), target + " is a folder, but the helper "
                        + "binary belongs there (an old bind mount of a missing file leaves such folders). Remove it "
                        + "and run up again.");
            }
            build(helper, target);
            return Done.of(Outcome.BUILT);
        });
        return target;
    }

    /** The Dockerfile of the build. The label on the build stage marks its intermediate images for removal. */
    static String dockerfile(String builderImage, String version, String project) {
        String label = "LABEL " + Labels.HELPER_BUILD + "=" + project + "\n";
        return "FROM " + builderImage + " AS build\n"
                + label
                + "ENV CGO_ENABLED=0\n"
                + "RUN go install " + PACKAGE + "@" + version + "\n"
                + "FROM scratch\n"
                + label
                + "COPY --from=build /go/bin/docker-credential-ecr-login " + BINARY_IN_IMAGE + "\n";
    }

    private void build(OrchestratorConfig.Helper helper, Path target) {
        new EnsureImageStep(ctx).run(helper.builderImage(), "helper.builder_image");
        removeLeftovers();
        String tag = ctx.project() + "-ecr-helper-build:" + helper.version();
        Map<String, String> labels = Map.of(Labels.HELPER_BUILD, ctx.project());
        byte[] context = Tar.of("Dockerfile", dockerfile(helper.builderImage(), helper.version(), ctx.project())
                .getBytes(StandardCharsets.UTF_8), 0644);
        StepId step = id(helper);
        Deque<String> lastLines = new LinkedList<>();
        AtomicInteger lines = new AtomicInteger();
        String containerId = null;
        try {
            String imageId;
            try {
                imageId = ctx.engine().buildImage(context, tag, labels, line -> {
                    synchronized (lastLines) {
                        lastLines.addLast(line);
                        if (lastLines.size() > 8) {
                            lastLines.removeFirst();
                        }
                    }
                    ctx.steps().transfer(step, line, lines.incrementAndGet(), 0);
                });
            } catch (EngineException e) {
                String tail;
                synchronized (lastLines) {
                    tail = String.join(" | ", lastLines);
                }
                throw new OperationException("build helper", helper.version(), "Building docker-credential-ecr-login " + helper.version() + " with "
                        + helper.builderImage() + " failed: " + e.getMessage() + " Last build output: " + tail
                        + ". Check helper.version (a release tag of amazon-ecr-credential-helper) and that the build "
                        + "can reach proxy.golang.org; offline hosts can set helper.source = \"local\".", e);
            }
            containerId = ctx.engine().createScratchContainer(imageId, List.of(BINARY_IN_IMAGE, "version"), labels);
            byte[] binary = ctx.engine().readFile(containerId, BINARY_IN_IMAGE);
            install(binary, target);
        } finally {
            if (containerId != null) {
                ctx.engine().removeContainer(containerId);
            }
            removeLeftovers();
        }
    }

    private void install(byte[] binary, Path target) {
        ctx.state().ensureDirectory(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.write(tmp, binary);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new OperationException("write file", target.toString(), "Cannot write the helper binary to " + target
                    + ": " + e.getMessage() + ".", e);
        }
        ctx.state().record(target);
    }

    /** Containers and images of this project's helper builds, including those of a build that was killed. */
    public void removeLeftovers() {
        for (var c : ctx.engine().containers(Map.of(Labels.HELPER_BUILD, ctx.project()))) {
            ctx.engine().removeContainer(c.id());
        }
        // Children before parents: retry what a dependent image still holds.
        List<String> images = new ArrayList<>(ctx.engine().imagesWithLabel(Labels.HELPER_BUILD + "=" + ctx.project()));
        for (int pass = 0; pass < 5 && !images.isEmpty(); pass++) {
            List<String> blocked = new ArrayList<>();
            for (String id : images) {
                try {
                    ctx.engine().removeImage(id);
                } catch (EngineException e) {
                    blocked.add(id);
                }
            }
            images = blocked;
        }
    }
}

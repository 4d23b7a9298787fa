package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.engine.Tar;
import dev.runnerops.orchestrator.errors.EngineException;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.plan.HelperPlan;
import dev.runnerops.orchestrator.plan.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code helper.source = "build"}: one static Go build ({@code CGO_ENABLED=0 go install ...@version}) for the
 * engine's GOOS/GOARCH in a multi-stage Docker build, the binary copied out through the archive API, the
 * temporary container and images removed. The binary runs in the Ubuntu-based runner and in Alpine-based job
 * images alike.
 */
final class HelperBuild {
    static final String PACKAGE = "github.com/awslabs/amazon-ecr-credential-helper/ecr-login/cli/docker-credential-ecr-login";
    private static final String BINARY_IN_IMAGE = "/docker-credential-ecr-login";

    private final Context ctx;

    HelperBuild(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * The Dockerfile of the build. The label on the build stage marks its intermediate images for removal.
     * {@code go install} puts a cross-compiled binary in {@code $GOPATH/bin/<goos>_<goarch>/} instead of
     * {@code $GOPATH/bin/} (golang/go {@code cmd/go/internal/load/pkg.go}): with a builder image of another
     * architecture than GOARCH, the RUN line moves it to where the second stage copies it from.
     */
    static String dockerfile(String builderImage, String version, String goos, String goarch, String project) {
        String label = "LABEL " + Labels.HELPER_BUILD + "=" + project + "\n";
        String crossDir = "/go/bin/" + goos + "_" + goarch;
        return "FROM " + builderImage + " AS build\n"
                + label
                + "ENV CGO_ENABLED=0 GOOS=" + goos + " GOARCH=" + goarch + "\n"
                + "RUN go install " + PACKAGE + "@" + version
                + " && if [ -f " + crossDir + "/docker-credential-ecr-login ]; then mv " + crossDir
                + "/docker-credential-ecr-login /go/bin/; fi\n"
                + "FROM scratch\n"
                + label
                + "COPY --from=build /go/bin/docker-credential-ecr-login " + BINARY_IN_IMAGE + "\n";
    }

    void build(HelperPlan helper, StepId step) {
        String builderImage = ctx.config().helper().builderImage();
        String version = helper.version();
        var platform = helper.platform().orElseThrow();
        new EnsureImageStep(ctx).run(builderImage, "helper.builder_image");
        removeLeftovers();
        String tag = ctx.project() + "-ecr-helper-build:" + version;
        Map<String, String> labels = Map.of(Labels.HELPER_BUILD, ctx.project());
        byte[] context = Tar.of("Dockerfile", dockerfile(builderImage, version, platform.os(), platform.arch(),
                ctx.project()).getBytes(StandardCharsets.UTF_8), 0644);
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
                throw new OperationException("build helper", version, "Building docker-credential-ecr-login "
                        + version + " for " + platform + " with " + builderImage + " failed: " + e.getMessage()
                        + " Last build output: " + tail + ". Check helper.version (a release tag of "
                        + "amazon-ecr-credential-helper) and that the build can reach proxy.golang.org; offline "
                        + "hosts can set helper.source = \"local\".", e);
            }
            containerId = ctx.engine().createScratchContainer(imageId, List.of(BINARY_IN_IMAGE, "version"), labels);
            byte[] binary = ctx.engine().readFile(containerId, BINARY_IN_IMAGE);
            install(binary, helper.binary());
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
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the error below says what failed
            }
            throw new OperationException("write file", target.toString(), "Cannot write the helper binary to " + target
                    + ": " + e.getMessage() + ".", e);
        }
        ctx.state().record(target);
    }

    /** Containers and images of this project's helper builds, including those of a build that was killed. */
    void removeLeftovers() {
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

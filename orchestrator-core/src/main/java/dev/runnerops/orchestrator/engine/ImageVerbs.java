package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.runnerops.orchestrator.errors.EngineException;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Images: look up, pull with progress, build, find by label, remove. */
final class ImageVerbs {
    private final DockerClient client;
    private final EngineErrors errors;

    ImageVerbs(DockerClient client, EngineErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    Optional<String> id(String reference) {
        return errors.lookup("inspect image", reference, () -> client.inspectImageCmd(reference).exec().getId());
    }

    void pull(String reference, PullProgress progress) {
        ImageReference ref = ImageReference.parse(reference);
        PullProgressAggregator totals = new PullProgressAggregator(progress);
        PullImageResultCallback callback = new PullImageResultCallback() {
                    public void onNext(PullResponseItem item) {
                super.onNext(item);
                totals.accept(item);
            }
        };
        errors.call("pull image", reference, () -> {
            try {
                return client.pullImageCmd(ref.repository()).withTag(ref.tag()).exec(callback).awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("pull image", reference, "Interrupted while pulling " + reference + ".", e);
            }
        });
        if (id(reference).isEmpty()) {
            throw new EngineException("pull image", reference, "Pulling " + reference + " ended without the image "
                    + "being present.");
        }
    }

    String build(byte[] contextTar, String tag, Map<String, String> labels, Consumer<String> output) {
        BuildImageResultCallback callback = new BuildImageResultCallback() {
                    public void onNext(BuildResponseItem item) {
                super.onNext(item); // keeps the image id
                if (item.getStream() != null && !item.getStream().isBlank()) {
                    output.accept(item.getStream().strip());
                }
                if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
                    output.accept(item.getErrorDetail().getMessage().strip());
                }
            }
        };
        return errors.call("build image", tag, () -> client.buildImageCmd()
                .withTarInputStream(new ByteArrayInputStream(contextTar))
                .withTags(Set.of(tag)).withLabels(labels).withRemove(true).withForcerm(true)
                .exec(callback).awaitImageId());
    }

    List<String> withLabel(String label) {
        return errors.call("list images labelled", label,
                () -> client.listImagesCmd().withShowAll(true).withLabelFilter(label).exec())
                .stream().map(i -> i.getId()).toList();
    }

    boolean remove(String reference) {
        return errors.lookup("remove image", reference, () -> {
            client.removeImageCmd(reference).withForce(false).exec();
            return true;
        }).isPresent();
    }

    boolean inUse(String reference) {
        return id(reference).isPresent() && !errors.call("list containers of image", reference,
                () -> client.listContainersCmd().withShowAll(true).withAncestorFilter(List.of(reference)).exec()).isEmpty();
    }
}

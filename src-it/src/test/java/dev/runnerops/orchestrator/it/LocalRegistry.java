package dev.runnerops.orchestrator.it;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A registry on loopback (Debian's docker-registry in the registry:2 stand-in), so that tests can make the
 * orchestrator pull an image and then see {@code clean} remove exactly that image. dockerd treats
 * 127.0.0.0/8 registries as insecure, so plain HTTP works.
 */
final class LocalRegistry implements AutoCloseable {
    private final GenericContainer<?> registry = new GenericContainer<>(DockerImageName.parse(StandIns.REGISTRY))
            .withExposedPorts(5000)
            .withLabel(TestDocker.TEST_LABEL, TestDocker.PROJECT_PREFIX)
            .waitingFor(Wait.forHttp("/v2/").forPort(5000).forStatusCode(200));

    LocalRegistry() {
        registry.start();
    }

    /**
     * Pushes a local image under {@code localhost:PORT/<project>/<name>} and removes that tag locally, so that
     * the next use of the returned reference has to pull it.
     */
    String publish(String localImage, String project, String nameAndTag) throws InterruptedException {
        String repository = "localhost:" + registry.getMappedPort(5000) + "/" + project + "/"
                + nameAndTag.substring(0, nameAndTag.indexOf(':'));
        String tag = nameAndTag.substring(nameAndTag.indexOf(':') + 1);
        var client = TestDocker.client();
        client.tagImageCmd(localImage, repository, tag).exec();
        client.pushImageCmd(repository).withTag(tag).exec(new ResultCallback.Adapter<PushResponseItem>() {
            @Override
            public void onNext(PushResponseItem item) {
                if (item.getErrorDetail() != null) {
                    throw new IllegalStateException("push failed: " + item.getErrorDetail().getMessage());
                }
            }
        }).awaitCompletion(2, TimeUnit.MINUTES);
        client.removeImageCmd(repository + ":" + tag).exec();
        return repository + ":" + tag;
    }

    @Override
    public void close() {
        registry.stop();
    }
}

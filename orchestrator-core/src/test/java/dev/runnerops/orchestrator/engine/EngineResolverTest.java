package dev.runnerops.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker CLI's precedence (docker/cli cli/command/cli.go resolveContextName): --context &gt; DOCKER_HOST &gt;
 * DOCKER_CONTEXT &gt; currentContext of config.json &gt; default. A temporary DOCKER_CONFIG and a map for the
 * environment: the real ~/.docker is never read.
 */
class EngineResolverTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private Path config() {
        return dir.resolve("docker-config");
    }

    private EngineResolver resolver() {
        env.putIfAbsent("DOCKER_CONFIG", config().toString());
        return new EngineResolver(env, dir.resolve("home"));
    }

    private EngineEndpoint resolve() {
        return resolver().resolve(Optional.empty());
    }

    private EngineEndpoint resolve(String contextFlag) {
        return resolver().resolve(Optional.of(contextFlag));
    }

    /** A context as `docker context create NAME --docker host=HOST[,ca=..,cert=..,key=..]` stores it. */
    private void context(String name, String host, boolean tlsFiles, boolean skipVerify) throws IOException {
        String digest = DockerContextStore.digest(name);
        Path meta = config().resolve("contexts/meta").resolve(digest);
        Files.createDirectories(meta);
        Files.writeString(meta.resolve("meta.json"), "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":"
                + "{\"docker\":{\"Host\":\"" + host + "\",\"SkipTLSVerify\":" + skipVerify + "}}}");
        if (tlsFiles) {
            Path tls = config().resolve("contexts/tls").resolve(digest).resolve("docker");
            Files.createDirectories(tls);
            for (String f : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
                Files.writeString(tls.resolve(f), "pem");
            }
        }
    }

    private void currentContext(String name) throws IOException {
        Files.createDirectories(config());
        Files.writeString(config().resolve("config.json"), "{\"auths\":{},\"currentContext\":\"" + name + "\"}");
    }

    @Test
    void nothingSetIsTheDefaultSocket() {
        EngineEndpoint e = resolve();
        assertThat(e.host()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
        assertThat(e.context()).isEqualTo("default");
        assertThat(e.tls()).isEqualTo(EngineEndpoint.Tls.NONE);
        assertThat(e.localSocket()).contains(Path.of("/var/run/docker.sock"));
    }

    @Test
    void contextNamesAreStoredUnderTheSha256OfTheName() {
        // `docker context create remote-b` stores it in contexts/meta/<sha256("remote-b")> (printf remote-b | sha256sum)
        assertThat(DockerContextStore.digest("remote-b"))
                .isEqualTo("68b3c8960576388d742bf4f40f9c2699a8182e9c557eb3970bd1e486e90f8c8a");
        assertThat(DockerContextStore.digest("default"))
                .isEqualTo("37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f");
    }

    @Test
    void theContextFlagBeatsEverything() throws IOException {
        context("flagged", "tcp://flagged.example:2376", false, false);
        context("from-env", "tcp://from-env.example:2376", false, false);
        currentContext("from-env");
        env.put("DOCKER_HOST", "tcp://docker-host.example:2375");
        env.put("DOCKER_CONTEXT", "from-env");
        EngineEndpoint e = resolve("flagged");
        assertThat(e.host()).isEqualTo(URI.create("tcp://flagged.example:2376"));
        assertThat(e.context()).isEqualTo("flagged");
        assertThat(e.origin()).isEqualTo("--context flagged");
    }

    @Test
    void dockerHostBeatsDockerContextAndCurrentContext() throws IOException {
        context("from-env", "tcp://from-env.example:2376", false, false);
        currentContext("from-env");
        env.put("DOCKER_HOST", "tcp://docker-host.example:2375");
        env.put("DOCKER_CONTEXT", "from-env");
        EngineEndpoint e = resolve();
        assertThat(e.host()).isEqualTo(URI.create("tcp://docker-host.example:2375"));
        assertThat(e.context()).isEqualTo("default");
        assertThat(e.origin()).isEqualTo("DOCKER_HOST");
        assertThat(e.localSocket()).isEmpty();
    }

    @Test
    void dockerContextBeatsCurrentContext() throws IOException {
        context("env-context", "tcp://env-context.example:2376", false, false);
        context("current", "tcp://current.example:2376", false, false);
        currentContext("current");
        env.put("DOCKER_CONTEXT", "env-context");
        EngineEndpoint e = resolve();
        assertThat(e.host()).isEqualTo(URI.create("tcp://env-context.example:2376"));
        assertThat(e.origin()).isEqualTo("DOCKER_CONTEXT=env-context");
    }

    @Test
    void currentContextOfConfigJsonWhenNothingElseIsSet() throws IOException {
        context("current", "tcp://current.example:2376", false, false);
        currentContext("current");
        EngineEndpoint e = resolve();
        assertThat(e.host()).isEqualTo(URI.create("tcp://current.example:2376"));
        assertThat(e.context()).isEqualTo("current");
        assertThat(e.origin()).isEqualTo("currentContext in " + config().resolve("config.json"));
    }

    @Test
    void emptyVariablesCountAsUnset() throws IOException {
        context("current", "tcp://current.example:2376", false, false);
        currentContext("current");
        env.put("DOCKER_HOST", "");
        env.put("DOCKER_CONTEXT", "");
        assertThat(resolve().context()).isEqualTo("current");
        assertThat(resolve("").context()).isEqualTo("current");
    }

    @Test
    void theDefaultContextIsTheEnvironmentsEvenWhenNamed() throws IOException {
        context("other", "tcp://other.example:2376", false, false);
        currentContext("other");
        env.put("DOCKER_CONTEXT", "default");
        assertThat(resolve().host()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
        env.remove("DOCKER_CONTEXT");
        assertThat(resolve("default").host()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
    }

    @Test
    void dockerConfigUnsetMeansDotDockerInHome() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"nowhere\"}");
        EngineResolver r = new EngineResolver(Map.of(), home);
        assertThat(r.configDir()).isEqualTo(home.resolve(".docker"));
        assertThatThrownBy(() -> r.resolve(Optional.empty())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("currentContext in " + home.resolve(".docker/config.json"));
    }

    @Test
    void tlsVerifyUsesDockerCertPathOrTheConfigFolder() {
        env.put("DOCKER_HOST", "tcp://127.0.0.1:23760");
        env.put("DOCKER_TLS_VERIFY", "1");
        EngineEndpoint e = resolve();
        assertThat(e.tls()).isEqualTo(EngineEndpoint.Tls.VERIFY);
        assertThat(e.certPath()).contains(config());
        assertThat(e.origin()).isEqualTo("DOCKER_HOST with DOCKER_TLS_VERIFY");
        env.put("DOCKER_CERT_PATH", "/certs");
        assertThat(resolve().certPath()).contains(Path.of("/certs"));
        assertThat(resolve().caFile()).isEqualTo(Path.of("/certs/ca.pem"));
    }

    @Test
    void anyValueOfDockerTlsVerifyTurnsVerificationOnAsInTheCli() {
        env.put("DOCKER_HOST", "tcp://127.0.0.1:23760");
        env.put("DOCKER_TLS_VERIFY", "0");
        assertThat(resolve().tls()).isEqualTo(EngineEndpoint.Tls.VERIFY);
    }

    @Test
    void dockerTlsAloneIsTlsWithoutVerification() {
        env.put("DOCKER_HOST", "tcp://127.0.0.1:23760");
        env.put("DOCKER_TLS", "1");
        assertThat(resolve().tls()).isEqualTo(EngineEndpoint.Tls.NO_VERIFY);
    }

    @Test
    void tlsWithoutDockerHostDefaultsToLocalhost2376() {
        env.put("DOCKER_TLS_VERIFY", "1");
        assertThat(resolve().host()).isEqualTo(URI.create("tcp://localhost:2376"));
    }

    @Test
    void socketsIgnoreTheTlsVariables() {
        env.put("DOCKER_HOST", "unix:///run/user/1000/docker.sock");
        env.put("DOCKER_TLS_VERIFY", "1");
        EngineEndpoint e = resolve();
        assertThat(e.tls()).isEqualTo(EngineEndpoint.Tls.NONE);
        assertThat(e.localSocket()).contains(Path.of("/run/user/1000/docker.sock"));
    }

    @Test
    void hostsAreParsedAsTheCliParsesThem() {
        assertThat(EngineResolver.parseHost("build-host:2376", false, "DOCKER_HOST"))
                .isEqualTo(URI.create("tcp://build-host:2376"));
        assertThat(EngineResolver.parseHost("tcp://build-host", true, "DOCKER_HOST"))
                .isEqualTo(URI.create("tcp://build-host:2375"));
        assertThat(EngineResolver.parseHost("unix://", false, "DOCKER_HOST"))
                .isEqualTo(URI.create("unix:///var/run/docker.sock"));
        assertThat(EngineResolver.parseHost(" ", false, "DOCKER_HOST"))
                .isEqualTo(URI.create("unix:///var/run/docker.sock"));
        assertThat(EngineResolver.parseHost("ssh://me@build-host", false, "DOCKER_HOST"))
                .isEqualTo(URI.create("ssh://me@build-host"));
        assertThatThrownBy(() -> EngineResolver.parseHost("http://build-host:2375", false, "DOCKER_HOST"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("DOCKER_HOST = http://build-host");
    }

    @Test
    void aContextWithTlsFilesVerifiesWithThem() throws IOException {
        context("remote", "tcp://remote.example:2376", true, false);
        EngineEndpoint e = resolve("remote");
        assertThat(e.tls()).isEqualTo(EngineEndpoint.Tls.VERIFY);
        assertThat(e.certPath()).contains(config().resolve("contexts/tls")
                .resolve(DockerContextStore.digest("remote")).resolve("docker"));
        assertThat(e.describe()).isEqualTo("tcp://remote.example:2376 (Docker context remote)");
    }

    @Test
    void aContextWithoutTlsFilesIsPlainUnlessItSkipsVerification() throws IOException {
        context("plain", "tcp://plain.example:2375", false, false);
        context("skip", "tcp://skip.example:2376", false, true);
        assertThat(resolve("plain").tls()).isEqualTo(EngineEndpoint.Tls.NONE);
        assertThat(resolve("skip").tls()).isEqualTo(EngineEndpoint.Tls.NO_VERIFY);
        assertThat(resolve("skip").certPath()).isEmpty();
    }

    @Test
    void explicitEndpointsGetTheCliDefaultsToo() {
        assertThat(EngineEndpoint.plain(URI.create("tcp://build-host"), "test").host())
                .isEqualTo(URI.create("tcp://build-host:2375"));
        EngineEndpoint tls = EngineEndpoint.verified(URI.create("tcp://build-host:2376"), Path.of("/certs"), "test");
        assertThat(tls.tls()).isEqualTo(EngineEndpoint.Tls.VERIFY);
        assertThat(tls.keyFile()).isEqualTo(Path.of("/certs/key.pem"));
        assertThat(tls.localSocket()).isEmpty();
        assertThat(EngineEndpoint.plain(URI.create("ssh://me@build-host"), "test").localSocket()).isEmpty();
    }

    @Test
    void aContextWithAnEmptyHostIsTheDefaultSocket() throws IOException {
        context("empty", "", false, false);
        assertThat(resolve("empty").host()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
    }

    @Test
    void anUnknownContextNamesWhereItCameFromAndWhereItWasLookedFor() throws IOException {
        ConfigurationException e = catchThrowableOfType(() -> resolve("nope"), ConfigurationException.class);
        assertThat(e.setting()).isEqualTo("--context nope");
        assertThat(e.getMessage()).contains("Docker context \"nope\" (from --context nope) does not exist",
                config().resolve("contexts/meta").resolve(DockerContextStore.digest("nope")).toString(),
                "docker context ls", "docker context create nope");
        env.put("DOCKER_CONTEXT", "gone");
        assertThatThrownBy(this::resolve).hasMessageContaining("(from DOCKER_CONTEXT=gone)");
        env.remove("DOCKER_CONTEXT");
        currentContext("stale");
        assertThatThrownBy(this::resolve).hasMessageContaining("(from currentContext in "
                + config().resolve("config.json") + ")");
    }

    @Test
    void aMalformedConfigJsonIsNamed() throws IOException {
        Files.createDirectories(config());
        Files.writeString(config().resolve("config.json"), "{ not json");
        assertThatThrownBy(this::resolve).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(config().resolve("config.json").toString());
    }
}

package dev.runnerops.orchestrator.engine;

import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the engine the docker CLI would use, with the docker CLI's precedence (docker/cli
 * {@code cli/command/cli.go} {@code resolveContextName}, {@code resolveDefaultDockerEndpoint},
 * {@code getServerHost}; {@code cli/flags/options.go}; {@code cli/config/config.go} {@code Dir};
 * {@code opts/hosts.go} {@code ParseHost}):
 * <ol>
 * <li>the {@code --context NAME} flag;</li>
 * <li>{@code DOCKER_HOST} (non-empty): the default context, that host;</li>
 * <li>{@code DOCKER_CONTEXT} (non-empty);</li>
 * <li>{@code currentContext} of {@code config.json} in {@code DOCKER_CONFIG}, else {@code ~/.docker};</li>
 * <li>the default context: {@code unix:///var/run/docker.sock}.</li>
 * </ol>
 * The context named {@code default} is always the environment's (DOCKER_HOST, DOCKER_TLS_VERIFY,
 * DOCKER_CERT_PATH); any other is read from the context store ({@link DockerContextStore}). In the default
 * context, TLS is on when {@code DOCKER_TLS_VERIFY} or {@code DOCKER_TLS} is non-empty (any value, "0" too, as
 * the CLI reads them), with the PEM files of {@code DOCKER_CERT_PATH}, else of the config folder; with TLS and
 * no DOCKER_HOST the host is {@code tcp://localhost:2376}. A context uses TLS when its TLS folder exists or it
 * skips verification. Whether the files are usable is checked when connecting ({@link PemTls}).
 */
public final class EngineResolver {
    private final Map<String, String> env;
    private final Path home;

    /**
     * @param env  the environment to read (System.getenv() in production; a map in tests)
     * @param home the user's home folder, for {@code ~/.docker}
     */
    public EngineResolver(Map<String, String> env, Path home) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.home = Objects.requireNonNull(home, "home");
    }

    public static EngineResolver system() {
        return new EngineResolver(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The docker CLI's configuration folder: DOCKER_CONFIG, else ~/.docker. */
    public Path configDir() {
        return env("DOCKER_CONFIG").map(Path::of).orElse(home.resolve(".docker"));
    }

    /**
     * The endpoint {@code docker [--context NAME]} would use.
     *
     * @param contextFlag the {@code --context} flag's value; empty when the flag was not given
     */
    public EngineEndpoint resolve(Optional<String> contextFlag) {
        DockerContextStore store = new DockerContextStore(configDir());
        String name;
        String origin;
        if (contextFlag.isPresent() && !contextFlag.get().isEmpty()) {
            name = contextFlag.get();
            origin = "--context";
        } else if (env("DOCKER_HOST").isPresent()) {
            name = EngineEndpoint.DEFAULT_CONTEXT;
            origin = "DOCKER_HOST";
        } else if (env("DOCKER_CONTEXT").isPresent()) {
            name = env("DOCKER_CONTEXT").get();
            origin = "DOCKER_CONTEXT";
        } else {
            Optional<String> current = store.currentContext();
            name = current.orElse(EngineEndpoint.DEFAULT_CONTEXT);
            origin = current.isPresent() ? "currentContext in " + store.configFile() : "the default socket";
        }
        return EngineEndpoint.DEFAULT_CONTEXT.equals(name) ? defaultContext(origin) : context(store, name, origin);
    }

    /** The default context: DOCKER_HOST and the TLS variables ({@code resolveDefaultDockerEndpoint}). */
    private EngineEndpoint defaultContext(String origin) {
        boolean verify = env("DOCKER_TLS_VERIFY").isPresent();
        boolean tls = verify || env("DOCKER_TLS").isPresent();
        String hostOrigin = env("DOCKER_HOST").isPresent() ? "DOCKER_HOST" : origin;
        URI host = parseHost(env("DOCKER_HOST").orElse(""), tls, hostOrigin);
        if (!tls || !"tcp".equals(host.getScheme())) {
            // sockets and ssh never use the TLS settings (docker/cli context/docker/load.go, isSocket)
            return new EngineEndpoint(host, EngineEndpoint.Tls.NONE, Optional.empty(), EngineEndpoint.DEFAULT_CONTEXT,
                    hostOrigin);
        }
        Path certPath = env("DOCKER_CERT_PATH").map(Path::of).orElse(configDir());
        String tlsOrigin = hostOrigin + (verify ? " with DOCKER_TLS_VERIFY" : " with DOCKER_TLS");
        return new EngineEndpoint(host, verify ? EngineEndpoint.Tls.VERIFY : EngineEndpoint.Tls.NO_VERIFY,
                Optional.of(certPath), EngineEndpoint.DEFAULT_CONTEXT, tlsOrigin);
    }

    /** A named context from the store ({@code resolveDockerEndpoint}, {@code Endpoint.tlsConfig}). */
    private static EngineEndpoint context(DockerContextStore store, String name, String origin) {
        String from = origin.equals("--context") ? "--context " + name
                : origin.equals("DOCKER_CONTEXT") ? "DOCKER_CONTEXT=" + name : origin;
        DockerContextStore.DockerEndpointMeta meta = store.endpoint(name, from);
        // an empty Host leaves the API client at its default, the local socket
        URI host = meta.host().isEmpty() ? EngineEndpoint.DEFAULT_SOCKET : parseHost(meta.host(), false, from);
        Path tlsFolder = store.tlsFolder(name);
        boolean hasTlsFiles = Files.isDirectory(tlsFolder);
        if (!"tcp".equals(host.getScheme()) || (!hasTlsFiles && !meta.skipTlsVerify())) {
            return new EngineEndpoint(host, EngineEndpoint.Tls.NONE, Optional.empty(), name, from);
        }
        return new EngineEndpoint(host, meta.skipTlsVerify() ? EngineEndpoint.Tls.NO_VERIFY : EngineEndpoint.Tls.VERIFY,
                hasTlsFiles ? Optional.of(tlsFolder) : Optional.empty(), name, from);
    }

    /**
     * {@code opts.ParseHost}: empty is the default socket ({@code tcp://localhost:2376} with TLS); no scheme
     * means tcp; a TCP address without a port gets 2375; unix, tcp, npipe, fd and ssh are the schemes the CLI
     * knows.
     */
    static URI parseHost(String value, boolean defaultToTls, String origin) {
        String host = value.strip();
        if (host.isEmpty()) {
            return defaultToTls ? URI.create("tcp://localhost:2376") : EngineEndpoint.DEFAULT_SOCKET;
        }
        int sep = host.indexOf("://");
        String scheme = sep < 0 ? "tcp" : host.substring(0, sep);
        String rest = sep < 0 ? host : host.substring(sep + 3);
        switch (scheme) {
            case "tcp":
                return tcp(rest, host, origin);
            case "unix":
                return uri("unix://" + (rest.isEmpty() ? "/var/run/docker.sock" : rest), origin);
            case "npipe":
                return uri("npipe://" + (rest.isEmpty() ? "//./pipe/docker_engine" : rest), origin);
            case "fd":
            case "ssh":
                return uri(host, origin);
            default:
                throw new ConfigurationException(origin, value, origin + " = " + value + " is not an engine address "
                        + "the docker CLI accepts (invalid bind address format). Use unix:///path/to/docker.sock, "
                        + "tcp://HOST:PORT or ssh://USER@HOST.");
        }
    }

    private static URI tcp(String rest, String original, String origin) {
        if (rest.isEmpty()) {
            return URI.create("tcp://localhost:2375");
        }
        URI parsed = uri("tcp://" + rest, origin);
        if (parsed.getHost() == null) {
            throw new ConfigurationException(origin, original, origin + " = " + original + " is not a valid TCP "
                    + "address. Write it as tcp://HOST:PORT.");
        }
        int port = parsed.getPort() < 0 ? 2375 : parsed.getPort();
        try {
            return new URI("tcp", null, parsed.getHost(), port, parsed.getPath().isEmpty() ? null : parsed.getPath(),
                    null, null);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(origin, original, origin + " = " + original + " is not a valid TCP "
                    + "address (" + e.getMessage() + "). Write it as tcp://HOST:PORT.");
        }
    }

    private static URI uri(String value, String origin) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(origin, value, origin + " = " + value + " is not a valid address ("
                    + e.getMessage() + "). Write it as unix:///path/to/docker.sock or tcp://HOST:PORT.");
        }
    }

    private Optional<String> env(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}

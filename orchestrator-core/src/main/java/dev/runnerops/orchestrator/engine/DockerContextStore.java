package dev.runnerops.orchestrator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.core.DockerClientConfig;
import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The docker CLI's configuration folder, read the way docker/cli reads it: {@code config.json}'s
 * {@code currentContext} ({@code cli/config/configfile/file.go}), and the context store
 * ({@code cli/context/store/store.go}, {@code metadatastore.go}, {@code tlsstore.go}): a context's metadata in
 * {@code contexts/meta/<sha256 of its name>/meta.json}, its TLS files in
 * {@code contexts/tls/<sha256 of its name>/docker/{ca,cert,key}.pem}.
 */
final class DockerContextStore {
    private final Path configDir;

    DockerContextStore(Path configDir) {
        this.configDir = configDir;
    }

    Path configFile() {
        return configDir.resolve("config.json");
    }

    Path metaFile(String context) {
        return configDir.resolve("contexts").resolve("meta").resolve(digest(context)).resolve("meta.json");
    }

    /** The folder of the context's docker endpoint TLS files, as {@code tlsstore.go} lays it out. */
    Path tlsFolder(String context) {
        return configDir.resolve("contexts").resolve("tls").resolve(digest(context)).resolve("docker");
    }

    /** config.json's {@code currentContext} ({@code docker context use NAME} writes it); empty when unset. */
    Optional<String> currentContext() {
        Path file = configFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode current = read(file, "DOCKER_CONFIG", "the docker CLI's configuration file").get("currentContext");
        return current == null || current.asText().isEmpty() ? Optional.empty() : Optional.of(current.asText());
    }

    /** The docker endpoint of a context: its {@code Host} and {@code SkipTLSVerify} ({@code context/endpoint.go}). */
    record DockerEndpointMeta(String host, boolean skipTlsVerify) {}

    DockerEndpointMeta endpoint(String context, String origin) {
        Path meta = metaFile(context);
        if (!Files.isRegularFile(meta)) {
            throw new ConfigurationException(origin, context, "Docker context \"" + context + "\" (from " + origin
                    + ") does not exist: there is no " + meta + ". `docker context ls` lists the contexts of "
                    + configDir + "; create this one with `docker context create " + context
                    + " --docker host=tcp://HOST:2376,ca=ca.pem,cert=cert.pem,key=key.pem`, or name another one "
                    + "(--context, DOCKER_CONTEXT), or set DOCKER_CONFIG to the folder that holds it.");
        }
        JsonNode docker = read(meta, origin, "the metadata of Docker context \"" + context + "\"")
                .path("Endpoints").path("docker");
        if (docker.isMissingNode() || docker.isNull()) {
            throw new ConfigurationException(origin, context, "Docker context \"" + context + "\" has no docker "
                    + "endpoint in " + meta + ". Recreate it with `docker context create " + context
                    + " --docker host=...`.");
        }
        return new DockerEndpointMeta(docker.path("Host").asText(""), docker.path("SkipTLSVerify").asBoolean(false));
    }

    private static JsonNode read(Path file, String setting, String what) {
        try {
            JsonNode root = DockerClientConfig.getDefaultObjectMapper().readTree(Files.readString(file));
            if (root == null || !root.isObject()) {
                throw new IOException("not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new ConfigurationException(setting, file.toString(), "Cannot read " + what + ", " + file + ": "
                    + e.getMessage().lines().findFirst().orElse("") + ". Fix or remove the file.");
        }
    }

    /** {@code contextdirOf}: the hex SHA-256 of the name (go-digest's {@code FromString(name).Encoded()}). */
    static String digest(String context) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(context.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

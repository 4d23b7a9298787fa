package dev.runnerops.orchestrator.steps;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A release bucket on loopback for tests: serves files by path and records every request's path. */
public final class ReleaseServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** The request targets as received: absolute ({@code http://host/path}) when a client used this as a proxy. */
    public final List<String> targets = new CopyOnWriteArrayList<>();

    public ReleaseServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            targets.add(exchange.getRequestURI().toString());
            byte[] body = files.get(exchange.getRequestURI().getPath());
            try (exchange) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    public ReleaseServer serve(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    /** {@code http://127.0.0.1:PORT} */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The layout of the official bucket under {@link #base()}. */
    public String template() {
        return base() + "/{version}/{os}-{arch}/docker-credential-ecr-login";
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.runnerops.orchestrator.gitlab;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GitLab's REST API for unit tests of the steps that call it: answers queued per "METHOD /path", records every
 * request (method, path, form fields, PRIVATE-TOKEN). A plain HTTP server on loopback: the client code under
 * test is the real one.
 */
public final class FakeGitLab implements AutoCloseable {
    public record Request(String method, String path, Map<String, String> form, String privateToken) {}

    private record Answer(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    public FakeGitLab(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            Answer answer;
            synchronized (this) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), form(body),
                        exchange.getRequestHeaders().getFirst("PRIVATE-TOKEN")));
                Deque<Answer> queue = answers.get(key);
                answer = queue == null || queue.isEmpty() ? new Answer(404, "{\"message\":\"404 Not Found\"}")
                        : queue.size() == 1 ? queue.peek() : queue.poll();
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), answer.status() == 204 ? -1 : bytes.length);
            if (answer.status() != 204) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    /** Queues answers for "METHOD /path"; the last one repeats. */
    public synchronized FakeGitLab answer(String methodAndPath, int status, String body) {
        answers.computeIfAbsent(methodAndPath, k -> new ArrayDeque<>()).add(new Answer(status, body));
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

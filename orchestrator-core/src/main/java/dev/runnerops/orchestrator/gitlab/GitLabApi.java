package dev.runnerops.orchestrator.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.config.TokenKind;
import dev.runnerops.orchestrator.model.StatusReport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The REST calls of GitLab's documented runner life cycle (create, verify, list managers, delete), over
 * java.net.http.
 */
public final class GitLabApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;

    /** @param baseUrl where this machine reaches GitLab, e.g. http://127.0.0.1:8800 */
    public GitLabApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * Raised when GitLab refuses the personal access token: unknown, revoked or expired (401), or, where a scope is
     * named, without it (403).
     */
    public static final class UnauthorizedException extends GitLabException {
        UnauthorizedException(String action, String url, String message) {
            super(action, url, message);
        }
    }

    /** A runner as GitLab created it: its id (for the admin API) and its authentication token, shown only once. */
    public record CreatedRunner(long id, Secret token) {}

    /**
     * {@code POST /api/v4/user/runners}: creates an instance runner and returns its id and authentication token
     * (glrt-...), which GitLab shows only once.
     */
    public CreatedRunner createInstanceRunner(Secret personalAccessToken, String description, List<String> tags) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("runner_type", "instance_type");
        form.put("description", description);
        form.put("run_untagged", String.valueOf(tags.isEmpty()));
        if (!tags.isEmpty()) {
            form.put("tag_list", String.join(",", tags));
        }
        HttpResponse<String> r = post("/api/v4/user/runners", form, personalAccessToken);
        if (r.statusCode() == 401) {
            throw new UnauthorizedException("create runner", baseUrl, "GitLab at " + baseUrl + " rejected the personal access token (401).");
        }
        if (r.statusCode() != 201) {
            throw new GitLabException("create runner", baseUrl, "GitLab at " + baseUrl + " refused to create the runner: HTTP " + r.statusCode()
                    + " " + brief(r.body()) + ".");
        }
        try {
            JsonNode created = JSON.readTree(r.body());
            JsonNode token = created.get("token");
            if (token == null || TokenKind.of(token.asText()) != TokenKind.RUNNER_AUTHENTICATION) {
                throw new GitLabException("create runner", baseUrl, "GitLab at " + baseUrl + " created a runner but "
                        + "returned no runner authentication token.");
            }
            return new CreatedRunner(created.path("id").asLong(0), Secret.of(token.asText()));
        } catch (IOException e) {
            throw new GitLabException("create runner", baseUrl, "GitLab at " + baseUrl + " answered the runner creation "
                    + "with unreadable JSON.", e);
        }
    }

    /**
     * {@code POST /api/v4/runners/verify}: whether GitLab still knows this runner token. GitLab also records a
     * runner manager for {@code systemId} (the runner's {@code .runner_system_id}); without one it records a
     * manager named {@code <legacy>} that no host owns, so pass it whenever it is known.
     */
    public boolean verifyRunner(Secret runnerToken, String systemId) {
        return verifiedRunnerId(runnerToken, systemId).isPresent();
    }

    /** As {@link #verifyRunner}, with the runner's id from GitLab's answer; empty when GitLab does not know it. */
    public OptionalLong verifiedRunnerId(Secret runnerToken, String systemId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", runnerToken.reveal());
        if (!systemId.isEmpty()) {
            form.put("system_id", systemId);
        }
        HttpResponse<String> r = post("/api/v4/runners/verify", form, null);
        if (r.statusCode() == 200) {
            try {
                return OptionalLong.of(JSON.readTree(r.body()).path("id").asLong(0));
            } catch (IOException e) {
                return OptionalLong.of(0); // known, id unreadable: 0 is no runner's id
            }
        }
        if (r.statusCode() == 403 || r.statusCode() == 401 || r.statusCode() == 404) {
            return OptionalLong.empty();
        }
        throw new GitLabException("verify runner", baseUrl, "GitLab at " + baseUrl + " could not verify the runner "
                + "token: HTTP " + r.statusCode() + " " + brief(r.body()) + ".");
    }

    /**
     * {@code GET /api/v4/runners/:id/managers}: GitLab's list of the runner's managers, one per host that uses its
     * token. Needs a personal access token with scope {@code manage_runner} (or {@code api}/{@code read_api}).
     *
     * @throws UnauthorizedException when the token is unknown, revoked or expired (401), or lacks the scope (403)
     */
    public List<StatusReport.Manager> runnerManagers(Secret personalAccessToken, long runnerId) {
        String path = "/api/v4/runners/" + runnerId + "/managers";
        HttpResponse<String> r = send("GET", path, Map.of(), personalAccessToken);
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new UnauthorizedException("list runner managers", baseUrl, "GitLab at " + baseUrl + " refused the "
                    + "personal access token for " + path + " (HTTP " + r.statusCode() + ": " + brief(r.body()) + ").");
        }
        if (r.statusCode() != 200) {
            throw new GitLabException("list runner managers", baseUrl, "GitLab at " + baseUrl + " did not list the "
                    + "managers of runner " + runnerId + ": HTTP " + r.statusCode() + " " + brief(r.body()) + ".");
        }
        try {
            List<StatusReport.Manager> managers = new ArrayList<>();
            for (JsonNode m : JSON.readTree(r.body())) {
                managers.add(new StatusReport.Manager(text(m, "system_id"), text(m, "status"), text(m, "contacted_at"),
                        text(m, "ip_address"), text(m, "version")));
            }
            return managers;
        } catch (IOException e) {
            throw new GitLabException("list runner managers", baseUrl, "GitLab at " + baseUrl + " answered " + path
                    + " with unreadable JSON.", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /**
     * {@code DELETE /api/v4/runners} with the runner's own token: deletes the runner and its managers.
     *
     * @return true when GitLab deleted it, false when GitLab no longer knows the token (already deleted)
     */
    public boolean deleteRunner(Secret runnerToken) {
        HttpResponse<String> r = send("DELETE", "/api/v4/runners", Map.of("token", runnerToken.reveal()), null);
        if (r.statusCode() == 204) {
            return true;
        }
        if (r.statusCode() == 403 || r.statusCode() == 401 || r.statusCode() == 404) {
            return false;
        }
        throw new GitLabException("delete runner", baseUrl, "GitLab at " + baseUrl + " refused to delete the runner: "
                + "HTTP " + r.statusCode() + " " + brief(r.body()) + ".");
    }

    /** The exact call that deletes a runner by its token, for a message; the token stays in its file. */
    public static String deleteCommand(String baseUrl, String tokenFile) {
        return "curl --request DELETE --form \"token=$(cat " + tokenFile + ")\" " + baseUrl + "/api/v4/runners";
    }

    private HttpResponse<String> post(String path, Map<String, String> form, Secret privateToken) {
        return send("POST", path, form, privateToken);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> form, Secret privateToken) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60));
        if (form.isEmpty()) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        if (privateToken != null) {
            request.header("PRIVATE-TOKEN", privateToken.reveal());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GitLabUnreachableException(baseUrl, "Cannot reach GitLab at " + baseUrl + path + " from this "
                    + "machine: " + e + ". Check server.publish_address and server.http_port.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitLabException("call", baseUrl + path, "Interrupted while calling GitLab at " + baseUrl + path
                    + ".", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String brief(String body) {
        String b = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return b.length() > 200 ? b.substring(0, 200) + "…" : b;
    }
}

package dev.runnerops.orchestrator.gitlab;

import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.steps.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Zero-touch runner creation along GitLab's documented path: a short-lived personal access token with scope
 * {@code create_runner} made with {@code gitlab-rails runner}, then {@code POST /api/v4/user/runners}. Both
 * tokens are kept in the state folder (0600), so a re-run reuses them instead of creating more.
 */
public final class CreateRunnerTokenStep {
    static final String PAT_ENV = "ORCHESTRATOR_PAT";
    /** GitLab's documented snippet; the token value comes from the exec's environment, never from argv. */
    static final String PAT_SNIPPET = "token = User.find_by_username('root').personal_access_tokens.create("
            + "scopes: ['create_runner'], name: 'runner-orchestrator', expires_at: 1.day.from_now); "
            + "token.set_token(ENV.fetch('" + PAT_ENV + "')); token.save!";
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Context ctx;
    private final GitLabApi api;

    public CreateRunnerTokenStep(Context ctx) {
        this.ctx = ctx;
        this.api = new GitLabApi(ctx.config().server().hostUrl());
    }

    public Secret run(String gitlabContainer) {
        return ctx.reporter().step("create runner in GitLab", () -> obtain(gitlabContainer),
                token -> "token " + token.masked());
    }

    private Secret obtain(String gitlabContainer) {
        Secret stored = readSecret(ctx.layout().runnerTokenFile());
        if (!stored.isEmpty() && api.verifyRunner(stored)) {
            return stored;
        }
        Secret pat = readSecret(ctx.layout().personalAccessTokenFile());
        if (pat.isEmpty()) {
            pat = createPersonalAccessToken(gitlabContainer);
        }
        Secret token;
        try {
            token = api.createInstanceRunner(pat, ctx.config().runner().name(), ctx.config().runner().tags());
        } catch (GitLabApi.UnauthorizedException expired) {
            pat = createPersonalAccessToken(gitlabContainer);
            token = api.createInstanceRunner(pat, ctx.config().runner().name(), ctx.config().runner().tags());
        }
        ctx.state().ensureSecretsDirectory();
        ctx.state().write(ctx.layout().runnerTokenFile(), token.reveal() + "\n", true);
        return token;
    }

    private Secret createPersonalAccessToken(String gitlabContainer) {
        Secret pat = Secret.of("glpat-" + random(20));
        ExecResult r = ctx.engine().exec(gitlabContainer, List.of("gitlab-rails", "runner", PAT_SNIPPET),
                Map.of(PAT_ENV, pat.reveal()), Duration.ofMinutes(10));
        if (!r.succeeded()) {
            String out = String.join(" / ", r.lastLines(4)).replace(pat.reveal(), pat.masked());
            throw new GitLabException("Creating a personal access token with `gitlab-rails runner` in " + gitlabContainer
                    + " failed (exit code " + r.exitCode() + "): " + out + ". GitLab may still be migrating; "
                    + "run `up --complete` again in a minute, or see `logs gitlab`.");
        }
        ctx.state().ensureSecretsDirectory();
        ctx.state().write(ctx.layout().personalAccessTokenFile(), pat.reveal() + "\n", true);
        return pat;
    }

    public static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static Secret readSecret(Path file) {
        try {
            return Files.isRegularFile(file) ? Secret.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                    : Secret.empty();
        } catch (IOException e) {
            return Secret.empty();
        }
    }
}

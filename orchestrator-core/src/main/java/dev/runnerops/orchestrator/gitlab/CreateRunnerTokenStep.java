package dev.runnerops.orchestrator.gitlab;

import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.Done;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
    /**
     * What Ruby says when the snippet's User.find_by_username('root') found nobody: "undefined method
     * `personal_access_tokens' for nil:NilClass" (Ruby 3.3) or "undefined method 'personal_access_tokens' for nil"
     * (Ruby 3.4).
     */
    static final Pattern NO_ROOT_USER = Pattern.compile("undefined method .personal_access_tokens. for nil");
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Context ctx;
    private final GitLabApi api;

    public CreateRunnerTokenStep(Context ctx) {
        this.ctx = ctx;
        this.api = new GitLabApi(ctx.config().server().hostUrl());
    }

    public static StepId id() {
        return StepId.of(StepKind.RUNNER_TOKEN);
    }

    public Secret run(String gitlabContainer) {
        Secret stored = readSecret(ctx.layout().runnerTokenFile());
        return ctx.steps().run(id(), () -> {
            if (!stored.isEmpty() && api.verifyRunner(stored, runnerSystemId())) {
                return stored;
            }
            return create(gitlabContainer);
        }, token -> Done.of(token.equals(stored) ? Outcome.REUSED : Outcome.CREATED, "token " + token.masked()));
    }

    private Secret create(String gitlabContainer) {
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
            if (NO_ROOT_USER.matcher(r.output()).find()) {
                throw new GitLabException("create personal access token", gitlabContainer, "GitLab in "
                        + gitlabContainer + " has no root user, so no token can be made for it (`gitlab-rails runner` "
                        + "said: " + out + "). Its first boot could not create root, usually because GitLab refused "
                        + "the initial root password (see `logs gitlab` for \"Could not create the default "
                        + "administrator account\"). Root is only created on a first boot: run `clean "
                        + "--delete-gitlab-data`, then `up --complete` with a password GitLab accepts.");
            }
            throw new GitLabException("create personal access token", gitlabContainer, "Creating a personal access "
                    + "token with `gitlab-rails runner` in " + gitlabContainer + " failed (exit code " + r.exitCode()
                    + "): " + out + ". GitLab may still be migrating; run `up --complete` again in a minute, or see "
                    + "`logs gitlab`.");
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

    /** This host's runner manager, as gitlab-runner keeps it beside config.toml; empty before it started once. */
    private String runnerSystemId() {
        return ctx.site().read(ctx.mounted().runnerSystemIdFile())
                .map(b -> new String(b, StandardCharsets.UTF_8).strip()).orElse("");
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

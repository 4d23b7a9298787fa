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
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Zero-touch runner creation along GitLab's documented path: a personal access token with scopes
 * {@code create_runner} and {@code manage_runner} made with {@code gitlab-rails runner}, then
 * {@code POST /api/v4/user/runners}. Both tokens and the runner's id are kept in the state folder (0600), so a
 * re-run reuses them instead of creating more, and {@code status} can list the runner's managers with them. A
 * re-run renews the personal access token when GitLab no longer accepts it for that list (expired, or made by an
 * earlier version with {@code create_runner} only).
 */
public final class CreateRunnerTokenStep {
    static final String PAT_ENV = "ORCHESTRATOR_PAT";
    /** How long the personal access token lives; {@code up --complete} makes a new one when it has expired. */
    static final int PAT_DAYS = 30;
    /** GitLab's documented snippet; the token value comes from the exec's environment, never from argv. */
    static final String PAT_SNIPPET = "token = User.find_by_username('root').personal_access_tokens.create("
            + "scopes: ['create_runner', 'manage_runner'], name: 'runner-orchestrator', "
            + "expires_at: " + PAT_DAYS + ".days.from_now); "
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
        Issued issued = ctx.steps().run(id(), () -> {
            if (!stored.isEmpty()) {
                OptionalLong known = api.verifiedRunnerId(stored, ctx.runnerSystemId());
                if (known.isPresent()) {
                    rememberRunnerId(known.getAsLong());
                    return new Issued(stored, renewedReadAccess(gitlabContainer, known.getAsLong()));
                }
            }
            return new Issued(create(gitlabContainer), false);
        }, i -> Done.of(i.token().equals(stored) ? Outcome.REUSED : Outcome.CREATED, "token " + i.token().masked()
                + (i.patRenewed() ? "; personal access token renewed" : "")));
        return issued.token();
    }

    private record Issued(Secret token, boolean patRenewed) {}

    /**
     * For a runner already registered, so no token step ran: renews the personal access token when GitLab no
     * longer lets it list the runner's managers. A failure here is a warning: {@code up} does not fail for what
     * only {@code status} uses.
     */
    public void keepReadAccess(String gitlabContainer) {
        try {
            long stored = storedRunnerId(ctx.layout().runnerIdFile());
            long runnerId = stored > 0 ? stored : knownRunnerId();
            if (renewedReadAccess(gitlabContainer, runnerId)) {
                ctx.steps().info("Made a new personal access token for `status`'s list of GitLab's runner managers: "
                        + "GitLab no longer accepted the stored one (expired, or without scope manage_runner).");
            }
        } catch (GitLabException e) {
            ctx.steps().warn("`status` may not list GitLab's runner managers: " + e.getMessage());
        }
    }

    /** The id GitLab gives the stored runner token, remembered; 0 without a token GitLab knows. */
    private long knownRunnerId() {
        Secret stored = readSecret(ctx.layout().runnerTokenFile());
        if (stored.isEmpty()) {
            return 0;
        }
        long id = api.verifiedRunnerId(stored, ctx.runnerSystemId()).orElse(0);
        rememberRunnerId(id);
        return id;
    }

    /**
     * Makes a new personal access token when the stored one no longer lists the runner's managers. No stored one:
     * nothing to renew (the user removed it, and {@code status} says so).
     */
    private boolean renewedReadAccess(String gitlabContainer, long runnerId) {
        Secret pat = readSecret(ctx.layout().personalAccessTokenFile());
        if (pat.isEmpty() || runnerId <= 0) {
            return false;
        }
        try {
            api.runnerManagers(pat, runnerId);
            return false;
        } catch (GitLabApi.UnauthorizedException expiredOrNarrow) {
            createPersonalAccessToken(gitlabContainer);
            return true;
        }
    }

    private void rememberRunnerId(long id) {
        if (id <= 0 || id == storedRunnerId(ctx.layout().runnerIdFile())) {
            return;
        }
        ctx.state().ensureSecretsDirectory();
        ctx.state().write(ctx.layout().runnerIdFile(), id + "\n", true);
    }

    private Secret create(String gitlabContainer) {
        Secret pat = readSecret(ctx.layout().personalAccessTokenFile());
        if (pat.isEmpty()) {
            pat = createPersonalAccessToken(gitlabContainer);
        }
        GitLabApi.CreatedRunner runner;
        try {
            runner = api.createInstanceRunner(pat, ctx.config().runner().name(), ctx.config().runner().tags());
        } catch (GitLabApi.UnauthorizedException expired) {
            pat = createPersonalAccessToken(gitlabContainer);
            runner = api.createInstanceRunner(pat, ctx.config().runner().name(), ctx.config().runner().tags());
        }
        ctx.state().ensureSecretsDirectory();
        ctx.state().write(ctx.layout().runnerTokenFile(), runner.token().reveal() + "\n", true);
        rememberRunnerId(runner.id());
        return runner.token();
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

    /** The runner id kept beside its token; 0 when there is none. */
    static long storedRunnerId(Path file) {
        String id = readSecret(file).reveal();
        return id.matches("[1-9][0-9]{0,17}") ? Long.parseLong(id) : 0;
    }

    static Secret readSecret(Path file) {
        try {
            return Files.isRegularFile(file) ? Secret.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                    : Secret.empty();
        } catch (IOException e) {
            return Secret.empty();
        }
    }
}

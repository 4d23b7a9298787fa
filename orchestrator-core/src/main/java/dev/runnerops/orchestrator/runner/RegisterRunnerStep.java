package dev.runnerops.orchestrator.runner;

import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.config.TokenKind;
import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.plan.RunnerEntrySpec;
import dev.runnerops.orchestrator.plan.RunnerRegistration;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.Done;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Registers the runner by executing {@code gitlab-runner register --non-interactive} in its container.
 * Idempotent: an entry for this runner name and URL in config.toml means "already registered". A failed
 * registration leaves config.toml exactly as it was and quotes the runner's own message.
 */
public final class RegisterRunnerStep {
    private static final Duration REGISTER_TIMEOUT = Duration.ofMinutes(2);

    private final Context ctx;
    private final RunnerConfigAccess configToml;

    public RegisterRunnerStep(Context ctx) {
        this.ctx = ctx;
        this.configToml = new RunnerConfigAccess(ctx);
    }

    public static StepId id(RunnerEntrySpec entry) {
        return StepId.of(StepKind.REGISTRATION, entry.name() + " with " + entry.url());
    }

    /**
     * @param tokenSource asked for the token only when registration is needed (in complete mode, creating
     *                    it means creating a runner in GitLab)
     */
    public Outcome run(String runnerContainer, RunnerEntrySpec entry, Supplier<Secret> tokenSource) {
        return ctx.steps().run(id(entry), () -> {
            Optional<String> before = configToml.read(runnerContainer);
            RunnerConfigDocument parsedBefore = before.map(t -> RunnerConfigDocument.parse(t,
                    configToml.hostFile().toString())).orElse(RunnerConfigDocument.empty());
            if (!parsedBefore.find(entry.name(), entry.url()).isEmpty()) {
                return Done.of(Outcome.ALREADY_REGISTERED);
            }
            Secret token = tokenSource.get();
            ExecResult result = ctx.engine().exec(runnerContainer, RunnerRegistration.argv(entry, token.tokenKind()),
                    RunnerRegistration.environment(token), REGISTER_TIMEOUT);
            if (!result.succeeded()) {
                if (!configToml.read(runnerContainer).equals(before)) {
                    configToml.restore(runnerContainer, before);
                }
                throw new RegistrationException(entry.name(), "gitlab-runner register failed (exit code "
                        + result.exitCode() + ") for runner " + entry.name() + " at " + entry.url() + ": \""
                        + runnerMessage(result, token) + "\". " + hint(result, entry, token));
            }
            List<RunnerEntry> entries = configToml.parse(runnerContainer).find(entry.name(), entry.url());
            if (entries.size() != 1 || entries.get(0).token().isEmpty()
                    || (token.tokenKind() == TokenKind.RUNNER_AUTHENTICATION && !entries.get(0).token().equals(token))) {
                throw new RegistrationException(entry.name(), "gitlab-runner register reported success, but "
                        + configToml.hostFile() + " holds " + entries.size() + " entries for runner " + entry.name()
                        + " at " + entry.url() + " instead of one with the token. Inspect the file and the runner's "
                        + "logs (`logs runner`).");
            }
            if (before.isEmpty()) {
                ctx.state().record(configToml.hostFile());
            }
            return Done.of(Outcome.REGISTERED);
        }).outcome();
    }

    /**
     * The lines where gitlab-runner reports its verdict (ERROR/FATAL/PANIC, and its "Verifying runner..." or
     * "Registering runner..." lines, which it logs at info level for some rejections), else its last lines;
     * the token masked either way.
     */
    static String runnerMessage(ExecResult result, Secret token) {
        List<String> lines = result.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> flagged = lines.stream()
                .filter(l -> l.startsWith("ERROR") || l.startsWith("FATAL") || l.startsWith("PANIC")
                        || l.startsWith("Incorrect Usage") || l.contains("Verifying runner...")
                        || l.contains("Registering runner...")).toList();
        List<String> chosen = flagged.isEmpty() ? lines.subList(Math.max(0, lines.size() - 3), lines.size()) : flagged;
        String message = chosen.stream().map(l -> l.replaceAll("\\s{2,}", " ")).collect(Collectors.joining(" / "));
        return token.isEmpty() ? message : message.replace(token.reveal(), token.masked());
    }

    /**
     * Fields of gitlab-runner's log lines whose values are random or the user's (correlation_id=38ff…403…): a
     * status code is looked for only in the rest.
     */
    private static final Pattern ID_FIELDS = Pattern.compile("\\b(correlation_id|runner|token)=\\S*");

    static String hint(ExecResult result, RunnerEntrySpec entry, Secret token) {
        String out = ID_FIELDS.matcher(result.output()).replaceAll("").toLowerCase(Locale.ROOT);
        if (status(out, 410) || out.contains("registration disallowed")) {
            return "This GitLab has legacy registration tokens disabled (the default since GitLab 17.0). Create a runner "
                    + "in GitLab (Settings > CI/CD > Runners > New runner) and set gitlab.token to its glrt- token.";
        }
        if (status(out, 403) || out.contains("forbidden") || out.contains("not valid")) {
            return "GitLab rejected the token: check gitlab.token (" + token.masked() + "), which must be a current "
                    + "runner authentication token (glrt-...) or registration token of that GitLab.";
        }
        if (out.contains("no such host") || out.contains("connection refused") || out.contains("dial tcp")
                || out.contains("timeout") || out.contains("bad address") || out.contains("can't connect")) {
            return "The runner container cannot reach " + entry.url() + ". Check gitlab.url, and that this GitLab "
                    + "is reachable from Docker containers (for a GitLab in another container, join its network with "
                    + "network.external = true).";
        }
        return "Check gitlab.url and gitlab.token, and the runner's logs (`logs runner`).";
    }

    /** An HTTP status as a number of its own ("status=403 Forbidden"), not digits inside another value. */
    private static boolean status(String output, int code) {
        return Pattern.compile("(?<![0-9a-z])" + code + "(?![0-9a-z])").matcher(output).find();
    }
}

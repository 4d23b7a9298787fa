package dev.runnerops.orchestrator.doctor;

import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.engine.ProbeSpec;
import dev.runnerops.orchestrator.engine.RegistryLogin;
import dev.runnerops.orchestrator.errors.EngineException;
import dev.runnerops.orchestrator.model.DoctorReport.Check;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.runner.RunnerConfigDocument.JobSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each registry, along both paths a job's pull takes: the helper in the runner container (the Docker executor
 * pulls the job image with its credential), and the helper in a probe container built like a job container
 * (a Docker-in-Docker job's {@code docker pull}). Each credential is then shown to the registry by the engine,
 * which checks it against {@code /v2/} as it does before a pull.
 */
final class RegistryChecks {
    private static final Duration HELPER_TIMEOUT = Duration.ofSeconds(60);
    static final String PROBE_LABEL = Labels.PREFIX + "doctor-probe";

    private RegistryChecks() {}

    static void run(Diagnosis d, List<String> images) {
        List<String> registries = new ArrayList<>(d.ctx().config().aws().ecrRegistries());
        for (String image : images) {
            String host = ImageRegistry.hostOf(image);
            coverage(d, image, host);
            if (!registries.contains(host) && ImageRegistry.isEcr(host)
                    && d.ctx().config().aws().ecrRegistries().isEmpty()) {
                registries.add(host); // credsStore: the helper is asked for every registry
            }
        }
        if (registries.isEmpty()) {
            d.add(Check.skip("registries", "aws.ecr_registries lists none (credsStore); name a job image with --image "
                    + "to check its registry"));
        }
        for (String registry : registries) {
            if (!RunnerContainerChecks.credentialsUsable(d)) {
                d.add(Check.skip("registry " + registry, "the runner container, the helper or the credentials "
                        + "failed above"));
                continue;
            }
            runnerPath(d, registry);
            probePath(d, registry);
        }
    }

    /** A job image on a registry that the job auth config does not send to the helper is pulled anonymously. */
    private static void coverage(Diagnosis d, String image, String host) {
        List<String> listed = d.ctx().config().aws().ecrRegistries();
        if (listed.isEmpty()) {
            d.add(Check.pass("image " + image, "registry " + host + " goes to the helper through credsStore (which "
                    + "covers, for the executor's pulls, only the default registry of the credentials' account and "
                    + "region)"));
        } else if (listed.contains(host)) {
            d.add(Check.pass("image " + image, "registry " + host + " is in aws.ecr_registries (credHelpers)"));
        } else {
            d.add(Check.fail("image " + image, "registry " + host + " is not in aws.ecr_registries " + listed
                    + ", so jobs pull it without credentials", ImageRegistry.isEcr(host)
                    ? "Add \"" + host + "\" to aws.ecr_registries and run `up`."
                    : host + " is not an ECR registry: log in to it another way (DOCKER_AUTH_CONFIG auths)."));
        }
    }

    private static void runnerPath(Diagnosis d, String registry) {
        String area = "registry " + registry;
        String container = d.runnerContainer().orElseThrow();
        ExecResult r = d.ctx().engine().exec(container, List.of("sh", "-c", HelperCall.SCRIPT), helperEnv(registry),
                HELPER_TIMEOUT);
        verdict(d, area, "in " + container, HelperCall.parse(r), registry);
    }

    private static void probePath(Diagnosis d, String registry) {
        String area = "registry " + registry + " (job container)";
        if (d.jobs().isEmpty()) {
            d.add(Check.skip(area, "the runner is not registered, so config.toml gives jobs nothing yet"));
            return;
        }
        if (!d.ctx().config().aws().shareCredentialsWithJobs() && d.ctx().config().aws().credentialsFile().isPresent()) {
            d.add(Check.skip(area, "aws.share_credentials_with_jobs = false: jobs get no credentials file"));
            return;
        }
        JobSettings jobs = d.jobs().get();
        List<String> env = new ArrayList<>(jobs.environment());
        helperEnv(registry).forEach((k, v) -> env.add(k + "=" + v));
        Map<String, String> labels = new LinkedHashMap<>(Labels.project(d.ctx().project()));
        labels.put(PROBE_LABEL, "true");
        String script = "echo '@@config'; cat /root/.docker/config.json 2>/dev/null || echo '(none)'; echo '@@get'; "
                + HelperCall.SCRIPT;
        ExecResult r;
        try {
            r = d.ctx().engine().runProbe(new ProbeSpec(d.plan().runner().image(), List.of("sh", "-c"),
                    List.of(script), jobs.volumes(), env, jobs.networkMode(), jobs.privileged(), labels), HELPER_TIMEOUT);
        } catch (EngineException e) {
            d.add(Check.fail(area, "a container made like a job container (config.toml's job volumes, environment, "
                    + "network" + (jobs.privileged() ? ", privileged" : "") + ") did not run: " + e.getMessage(),
                    "Job containers cannot run either: fix what the engine says (a job volume's host path, the job "
                            + "network, or, for privileged jobs, an engine that allows them), then run `up`."));
            return;
        }
        String out = r.stdout();
        int get = out.indexOf("@@get");
        String config = out.contains("@@config") && get > 0 ? out.substring(out.indexOf("@@config") + 8, get).strip()
                : "";
        if (!config.contains(registry) && !config.contains("credsStore")) {
            d.add(Check.fail(area, "/root/.docker/config.json in a job container does not send " + registry
                    + " to the helper: " + (config.isEmpty() ? "(no output)" : config), "Run `up`: it writes that "
                    + "file and config.toml's job volumes."));
            return;
        }
        verdict(d, area, "in a job container (" + d.plan().runner().image() + " with config.toml's job volumes "
                + "and environment)", HelperCall.parse(new ExecResult(r.exitCode(), get < 0 ? out
                : out.substring(get + 5).strip(), r.stderr())), registry);
    }

    private static void verdict(Diagnosis d, String area, String where, HelperCall.Answer answer, String registry) {
        if (!answer.ok()) {
            d.add(Check.fail(area, "`" + HelperCall.HELPER + " get` " + where + " failed: " + answer.output()
                    + (answer.logLines().isEmpty() ? "" : " — helper log: " + answer.error()),
                    HelperFailures.likelyFix(answer)));
            return;
        }
        RegistryLogin login = d.ctx().engine().checkRegistryLogin(registry, answer.username(), answer.secret().reveal());
        d.add(login.succeeded()
                ? Check.pass(area, "`" + HelperCall.HELPER + " get` " + where + " gave a credential for user "
                        + answer.username() + ", and the registry accepts it (" + login.message() + ")")
                : Check.fail(area, "the helper " + where + " gave a credential for user " + answer.username()
                        + ", but the registry refuses it: " + login.message(), "The credential is for another "
                        + "account or region, or the registry host is wrong: check the host in aws.ecr_registries."));
    }

    /** The registry to ask for, and no token cache: the current keys are tested, not a token of yesterday. */
    private static Map<String, String> helperEnv(String registry) {
        return Map.of("DOCTOR_REGISTRY", registry, "AWS_ECR_DISABLE_CACHE", "true");
    }
}

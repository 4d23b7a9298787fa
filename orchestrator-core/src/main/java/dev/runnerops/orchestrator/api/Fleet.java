package dev.runnerops.orchestrator.api;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.errors.ConfigurationException;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.errors.OrchestratorException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.ProgressListener;
import dev.runnerops.orchestrator.model.CleanOptions;
import dev.runnerops.orchestrator.model.CleanResult;
import dev.runnerops.orchestrator.model.DoctorReport;
import dev.runnerops.orchestrator.model.DownResult;
import dev.runnerops.orchestrator.model.LogEntry;
import dev.runnerops.orchestrator.model.LogStream;
import dev.runnerops.orchestrator.model.StatusReport;
import dev.runnerops.orchestrator.model.UpResult;
import dev.runnerops.orchestrator.state.StateLayout;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One runner on several hosts, from one configuration ({@code [[hosts]]}): GitLab's model of a fleet, one
 * runner with one token and a runner manager per host. Every operation runs on every host side by side; a host
 * that fails (cannot be reached, say) is reported and the others go on. In complete mode GitLab runs on the first
 * host, which creates the runner; the others then register with its URL and the same token. Without
 * {@code [[hosts]]} the fleet is this machine's engine alone, as {@link Orchestrator} works.
 */
public final class Fleet implements AutoCloseable {
    /** What every host said: a result, or why it failed. */
    public record Results<T>(Map<String, T> results, Map<String, OrchestratorException> failures) {
        public boolean succeeded() {
            return failures.isEmpty();
        }
    }

    /** One host: its name (empty for this machine's engine alone) and its orchestrator. */
    public record Member(String name, Orchestrator orchestrator, OrchestratorConfig config) {}

    private final OrchestratorConfig config;
    private final Function<String, ProgressListener> listeners;
    private final Function<OrchestratorConfig.Host, Supplier<EngineConnection>> hostEngines;
    private final List<Member> members = new ArrayList<>();

    Fleet(OrchestratorConfig config, Function<String, ProgressListener> listeners, Supplier<EngineConnection> soleEngine,
          Function<OrchestratorConfig.Host, Supplier<EngineConnection>> hostEngines) {
        this.config = config;
        this.listeners = listeners;
        this.hostEngines = hostEngines;
        if (config.hosts().isEmpty()) {
            members.add(new Member("", Orchestrator.builder(config).listener(listeners.apply(""))
                    .engine(soleEngine).build(), config));
        } else {
            for (OrchestratorConfig.Host host : config.hosts()) {
                members.add(member(host, config.forHost(host)));
            }
        }
    }

    /**
     * @param listeners    progress of each host, by host name ("" when there are no {@code [[hosts]]})
     * @param soleEngine   the engine when there are no {@code [[hosts]]}
     */
    public static Fleet of(OrchestratorConfig config, Function<String, ProgressListener> listeners,
                           Supplier<EngineConnection> soleEngine) {
        return new Fleet(config, listeners, soleEngine, host -> () -> EngineConnection.of(target(config, host)));
    }

    /** The engine of a {@code [[hosts]]} entry; errors name the entry. */
    private static EngineTarget target(OrchestratorConfig config, OrchestratorConfig.Host host) {
        return !host.context().isEmpty() ? EngineTarget.context(host.context())
                : host.certPath().map(certs -> EngineTarget.tlsHost(URI.create(host.host()), certs))
                        .orElseGet(() -> EngineTarget.host(URI.create(host.host())))
                        .namedBy("host of [[hosts]] " + host.name() + " in " + config.source());
    }

    private Member member(OrchestratorConfig.Host host, OrchestratorConfig hostConfig) {
        return new Member(host.name(), Orchestrator.builder(hostConfig).listener(listeners.apply(host.name()))
                .engine(hostEngines.apply(host)).build(), hostConfig);
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    /** In complete mode: GitLab and the runner on the first host, then every other host joins it. */
    public Results<UpResult> up(Mode mode) {
        return headThenJoin(mode, m -> m.orchestrator().up(Mode.COMPLETE), m -> m.orchestrator().up(Mode.RUNNER_ONLY));
    }

    /** As {@link #up}: in complete mode the first host registers with its GitLab, the others join it. */
    public Results<Outcome> register(Mode mode) {
        return headThenJoin(mode, m -> m.orchestrator().register(Mode.COMPLETE),
                m -> m.orchestrator().register(Mode.RUNNER_ONLY));
    }

    /**
     * Runner-only, or a single host: on every host side by side ({@code join} runner-only, {@code head} for a complete
     * single host). Complete mode with several hosts:
     * {@code head} on the first (GitLab and the runner it creates), then {@code join} on the others with that
     * GitLab's URL and the runner's token, side by side.
     */
    private <T> Results<T> headThenJoin(Mode mode, Function<Member, T> head, Function<Member, T> join) {
        if (mode != Mode.COMPLETE || members.size() == 1) {
            return onEach(members, mode == Mode.COMPLETE ? head : join);
        }
        checkGitLabReachableFromOtherHosts();
        Member first = members.get(0);
        Results<T> headResult = onEach(List.of(first), head);
        List<Member> rest = members.subList(1, members.size());
        if (!headResult.succeeded()) {
            Map<String, OrchestratorException> failures = new LinkedHashMap<>(headResult.failures());
            rest.forEach(m -> failures.put(m.name(), new OperationException("join GitLab", first.name(), "Not started: "
                    + "the first host (" + first.name() + "), which runs GitLab, failed.")));
            return new Results<>(Map.of(), failures);
        }
        Secret token = runnerToken(first);
        List<Member> joining = List.copyOf(rest).stream().map(m -> joining(m, token)).toList();
        Results<T> others = onEach(joining, join);
        Map<String, T> results = new LinkedHashMap<>(headResult.results());
        results.putAll(others.results());
        return new Results<>(results, others.failures());
    }

    /** The runners of the other hosts reach GitLab at server.external_url: not on the first host's loopback. */
    private void checkGitLabReachableFromOtherHosts() {
        String address = config.server().publishAddress();
        if (address.equals("localhost") || address.startsWith("127.") || address.equals("::1")) {
            throw new ConfigurationException("server.publish_address", address, config.source() + ": "
                    + "server.publish_address = \"" + address + "\" publishes GitLab on the loopback of the first host ("
                    + members.get(0).name() + ") only, but the runners of the other hosts reach it at "
                    + config.server().externalUrl() + ". Set server.publish_address = \"0.0.0.0\" (or that host's "
                    + "private address), and make server.hostname resolve to that host from every host, in DNS.");
        }
    }

    /** A host of a complete-mode fleet other than the first: runner-only, with the first's GitLab and token. */
    private Member joining(Member member, Secret token) {
        member.orchestrator().close();
        OrchestratorConfig joined = member.config().joining(config.server().externalUrl(), token);
        OrchestratorConfig.Host host = config.hosts().stream().filter(h -> h.name().equals(member.name())).findFirst()
                .orElseThrow();
        Member replaced = member(host, joined);
        members.set(members.indexOf(member), replaced);
        return replaced;
    }

    private static Secret runnerToken(Member first) {
        try {
            return Secret.of(Files.readString(new StateLayout(first.config().project().stateDir()).runnerTokenFile(),
                    StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new OperationException("read runner token", first.name(), "The first host made no runner token: "
                    + e.getMessage(), e);
        }
    }

    public Results<DownResult> down() {
        return onEach(members, m -> m.orchestrator().down());
    }

    /**
     * The other hosts first, side by side, then the first: in a complete-mode fleet the others unregister their
     * managers from the GitLab of the first host while it still runs.
     */
    public Results<CleanResult> clean(CleanOptions options) {
        Results<CleanResult> others = onEach(members.subList(1, members.size()), m -> m.orchestrator().clean(options));
        Results<CleanResult> first = onEach(members.subList(0, 1), m -> m.orchestrator().clean(options));
        Map<String, CleanResult> results = new LinkedHashMap<>(first.results());
        results.putAll(others.results());
        Map<String, OrchestratorException> failures = new LinkedHashMap<>(first.failures());
        failures.putAll(others.failures());
        if (options.removeState() && !config.hosts().isEmpty()) {
            removeIfEmpty(config.project().stateDir().resolve("hosts"));
            removeIfEmpty(config.project().stateDir());
        }
        return new Results<>(results, failures);
    }

    /** The folders that held the hosts' state folders, once those are gone; anything else in them stays. */
    private static void removeIfEmpty(java.nio.file.Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty: a host's state was kept, or the user keeps files there
        }
    }

    public Results<StatusReport> status() {
        return onEach(members, m -> m.orchestrator().status());
    }

    /** What GitLab says of each host's runner manager: {@code gitlab-runner verify} on each. */
    public Results<Outcome> verify() {
        return onEach(members, m -> m.orchestrator().verify());
    }

    /**
     * The containers' output on every host side by side: {@code sink} gets each line with its host's name. Close
     * the streams to stop following.
     */
    public Results<LogStream> logs(String service, int tail, boolean follow, BiConsumer<String, LogEntry> sink) {
        return onEach(members, m -> m.orchestrator().logs(service, tail, follow, line -> sink.accept(m.name(), line)));
    }

    public Results<DoctorReport> doctor(List<String> images) {
        return onEach(members, m -> m.orchestrator().doctor(images));
    }

    private static <T> Results<T> onEach(List<Member> members, Function<Member, T> operation) {
        Map<String, T> results = new LinkedHashMap<>();
        Map<String, OrchestratorException> failures = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, members.size()), r -> {
            Thread t = new Thread(r, "fleet");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<T>> running = new LinkedHashMap<>();
            members.forEach(m -> running.put(m.name(), pool.submit(() -> operation.apply(m))));
            running.forEach((name, future) -> {
                try {
                    results.put(name, future.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof OrchestratorException o) {
                        failures.put(name, o);
                    } else if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    } else {
                        throw new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.put(name, new OperationException("wait for host", name, "Interrupted.", e));
                }
            });
        } finally {
            pool.shutdownNow();
        }
        return new Results<>(results, failures);
    }

    @Override
    public void close() {
        members.forEach(m -> m.orchestrator().close());
    }
}

package dev.runnerops.orchestrator.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.runnerops.orchestrator.api.Fleet;
import dev.runnerops.orchestrator.config.ConfigLoader;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.errors.ConfigurationException;
import dev.runnerops.orchestrator.errors.OrchestratorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level command: global options, and the subcommands that do the work. */
@Command(name = "orchestrator.jar",
        mixinStandardHelpOptions = true,
        versionProvider = OrchestratorCommand.Version.class,
        description = {"Provisions a GitLab runner that pulls private Amazon ECR images, and optionally a local "
                + "GitLab server, on a Docker engine.", ""},
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        footer = {"", ExitCodes.FOOTER})
public final class OrchestratorCommand implements Runnable {
    static final String DEFAULT_CONFIG = "config/orchestrator.toml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "Configuration file (TOML). Default: " + DEFAULT_CONFIG + " when it exists, else the "
                    + "built-in defaults.")
    Path config;

    @Option(names = "--context", paramLabel = "NAME", scope = CommandLine.ScopeType.INHERIT,
            description = "Docker context to work on, as `docker --context NAME`. Default: as the docker CLI, "
                    + "DOCKER_HOST, else DOCKER_CONTEXT, else the current context of ~/.docker/config.json "
                    + "(DOCKER_CONFIG), else the local socket.")
    String context;

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Debug logs on stderr.")
    void verbose(boolean on) {
        if (on) {
            ((Logger) LoggerFactory.getLogger("dev.runnerops")).setLevel(Level.DEBUG);
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of up, register, "
                + "down, clean, logs, status, doctor, config.");
    }

    /** The engine client, being created in the background while the command line and configuration are read. */
    private final EngineWarmup engine;

    OrchestratorCommand(EngineWarmup engine) {
        this.engine = engine;
    }

    /** The subcommands, in the order --help lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("up", UpCommand::new);
        m.put("register", RegisterCommand::new);
        m.put("down", DownCommand::new);
        m.put("clean", CleanCommand::new);
        m.put("logs", LogsCommand::new);
        m.put("status", StatusCommand::new);
        m.put("doctor", DoctorCommand::new);
        m.put("config", ConfigCommand::new);
        return m;
    }

    /**
     * Picocli reflects over every command it is given; building only the subcommands named on the command line
     * saves most of that at start-up. Without one (help, usage errors) all of them are built.
     */
    static CommandLine commandLine(EngineWarmup engine, String... args) {
        CommandLine cl = new CommandLine(new OrchestratorCommand(engine));
        Set<String> named = new LinkedHashSet<>();
        for (String arg : args) {
            if (SUBCOMMANDS.containsKey(arg)) {
                named.add(arg);
            }
        }
        SUBCOMMANDS.forEach((name, command) -> {
            if (named.isEmpty() || named.contains(name)) {
                cl.addSubcommand(name, command.get());
            }
        });
        cl.setExecutionExceptionHandler(OrchestratorCommand::handle);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    OrchestratorConfig loadConfig() {
        ConfigLoader loader = ConfigLoader.withSystemEnvironment();
        if (config != null) {
            return loader.load(config);
        }
        Path fallback = Path.of(DEFAULT_CONFIG);
        return Files.isRegularFile(fallback) ? loader.load(fallback) : loader.loadDefault(Path.of(""));
    }

    /** Every host of the configuration ({@code [[hosts]]}), or this one engine without them. */
    Fleet fleet() {
        OrchestratorConfig config = loadConfig();
        if (!config.hosts().isEmpty() && context != null) {
            throw new ConfigurationException("hosts", "", config.source() + " lists [[hosts]], each with its own "
                    + "engine, so --context has nothing to choose: remove it, or set the context of a host there.");
        }
        Optional<String> named = Optional.ofNullable(context);
        return Fleet.of(config, ConsoleProgress::forHost, () -> engine.get(named));
    }

    /**
     * Expected failures print their message (one paragraph, written for users); others a short trace hint.
     * The exit code says what kind of failure it was ({@link ExitCodes}).
     */
    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        if (e instanceof OrchestratorException) {
            err.println("error: " + e.getMessage());
            LoggerFactory.getLogger(OrchestratorCommand.class).debug("failure", e);
        } else {
            err.println("error: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (run with -v for details)");
            LoggerFactory.getLogger(OrchestratorCommand.class).debug("unexpected failure", e);
        }
        err.flush();
        return ExitCodes.of(e);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("/orchestrator-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"orchestrator " + p.getProperty("version", "unknown")};
        }
    }
}

package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.config.ConfigLoader;
import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.TokenKind;
import dev.runnerops.orchestrator.plan.HelperPlan;
import dev.runnerops.orchestrator.plan.HelperPlatform;
import dev.runnerops.orchestrator.plan.Reconciler;
import dev.runnerops.orchestrator.plan.RunnerRegistration;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.plan.StackPlanner;
import dev.runnerops.orchestrator.runner.RunnerConfigDocument;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The build's training run for the class-data archive (CDS / AOT cache) the launcher starts with: it loads
 * what the everyday commands load, without changing anything. Commands run in-process against a project
 * name no one uses, so {@code status} only reads; without an engine they fail early, which still loads the
 * client classes. Not for users.
 */
public final class Training {
    private Training() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("orchestrator-training");
        Path config = dir.resolve("orchestrator.toml");
        Files.writeString(config, ConfigLoader.defaultText()
                .replace("name = \"gitlab-ecr\"", "name = \"orchestrator-cds-training\"")
                .replace("name = \"gitlab-ecr-network\"", "name = \"orchestrator-cds-training-network\""));
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (PrintStream sink = new PrintStream(OutputStream.nullOutputStream())) {
            System.setOut(sink);
            System.setErr(sink);
            for (String command : List.of("status", "up", "down", "clean", "logs", "register", "config")) {
                Main.run(command, "--help");
            }
            Main.run("-c", config.toString(), "config");
            Main.run("-c", config.toString(), "status");
            Main.run("-c", config.toString(), "status", "--json");
            Main.run("-c", config.toString(), "logs", "--tail", "1");
            exercisePlanning(config);
        } finally {
            System.setOut(out);
            System.setErr(err);
            Files.deleteIfExists(config);
            Files.deleteIfExists(dir);
        }
    }

    /** The pure part of up: loading, planning, reconciling, reading a config.toml. */
    private static void exercisePlanning(Path config) {
        OrchestratorConfig c = ConfigLoader.withSystemEnvironment().load(config);
        for (Mode mode : Mode.values()) {
            StackPlan plan = StackPlanner.plan(c, mode, Path.of("/var/run/docker.sock"),
                    HelperPlan.of(c, HelperPlatform.ofEngine("linux", "x86_64")));
            Reconciler.reconcile(plan.containers(), List.of(), java.util.Map.of());
            RunnerRegistration.argv(plan.runnerConfig().runner(), TokenKind.RUNNER_AUTHENTICATION);
            RunnerConfigDocument.parse("", "training").apply(plan.runnerConfig());
        }
        RunnerConfigDocument.parse("concurrent = 1\n[[runners]]\n  name = \"x\"\n  url = \"http://x\"\n  token = \"t\"\n"
                + "  token_obtained_at = 2026-01-01T00:00:00Z\n  [runners.docker]\n    image = \"alpine\"\n", "training");
    }
}

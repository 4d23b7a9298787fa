package dev.runnerops.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and output of commands that need no Docker engine. */
class MainTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void versionAndHelpSucceed() {
        assertThat(run("--version").code()).isZero();
        assertThat(run("up", "--help").code()).isZero();
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("up", "--nope").code()).isEqualTo(2);
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("frobnicate").code()).isEqualTo(2);
    }

    @Test
    void defaultConfigurationIsPrintedVerbatim() {
        Run r = run("config", "--default");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(ConfigLoader.defaultText());
    }

    @Test
    void aBadConfigurationFailsWithOneParagraphAndExitCodeThree() throws Exception {
        Path file = dir.resolve("bad.toml");
        Files.writeString(file, "[server]\nhttp_port = \"80\"\n");
        Run r = run("-c", file.toString(), "config");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).startsWith("error: " + file + ": server.http_port must be a whole number")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void contextOptionIsReadAheadAsPicocliReadsIt() {
        assertThat(EngineWarmup.contextOption("--context", "a", "status")).contains("a");
        assertThat(EngineWarmup.contextOption("status", "--context=b")).contains("b");
        assertThat(EngineWarmup.contextOption("--context", "a", "down", "--context", "c")).contains("c");
        assertThat(EngineWarmup.contextOption("logs", "--", "--context", "x")).isEmpty();
        assertThat(EngineWarmup.contextOption("status")).isEmpty();
    }

    @Test
    void anUnknownContextIsAConfigurationErrorBeforeAnyEngineIsDialled() throws Exception {
        Path file = dir.resolve("ok.toml");
        Files.writeString(file, "[project]\nname = \"main-test-context\"\nstate_dir = \"" + dir.resolve("state")
                + "\"\n");
        String name = "no-such-context-" + java.util.UUID.randomUUID();
        for (String[] args : new String[][] {{"--context", name, "-c", file.toString(), "status"},
                {"-c", file.toString(), "down", "--context=" + name}}) {
            Run r = run(args);
            assertThat(r.code()).as(r.err()).isEqualTo(3);
            assertThat(r.err()).startsWith("error: Docker context \"" + name + "\" (from --context " + name
                    + ") does not exist").doesNotContain("Exception");
        }
    }
}

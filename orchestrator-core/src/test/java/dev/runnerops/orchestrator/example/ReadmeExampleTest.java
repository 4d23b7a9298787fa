package dev.runnerops.orchestrator.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's embedding example is this module's EmbeddingExample, which the build compiles. */
class ReadmeExampleTest {
    @Test
    void theReadmeShowsTheCompiledExampleWordForWord() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/runnerops/orchestrator/example/"
                + "EmbeddingExample.java"));
        String example = source.substring(source.indexOf("// README:begin\n") + "// README:begin\n".length(),
                source.indexOf("// README:end"));
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(readme).contains("```java\n" + example + "```\n");
    }
}

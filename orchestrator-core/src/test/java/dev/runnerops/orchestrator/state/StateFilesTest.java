package dev.runnerops.orchestrator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFilesTest {
    @TempDir
    Path dir;

    private StateFiles files() {
        return new StateFiles(new StateLayout(dir.resolve("state")));
    }

    @Test
    void foldersAndFilesItMakesAreRecordedInCreationOrder() {
        StateFiles files = files();
        Path file = dir.resolve("state/a/b/file");
        files.write(file, "x", false);
        // The state folder itself is the project's; clean removes it only when empty.
        assertThat(files.created()).containsExactly(dir.resolve("state/a"), dir.resolve("state/a/b"), file);
    }

    @Test
    void aFileThatExistedBeforeIsNotRecordedWhenRewritten() throws IOException {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/users-file"), "mine");
        StateFiles files = files();
        files.write(dir.resolve("state/users-file"), "new", false);
        assertThat(files.created()).doesNotContain(dir.resolve("state/users-file"), dir.resolve("state"));
        assertThat(dir.resolve("state/users-file")).hasContent("new");
    }

    @Test
    void secretsAreWrittenOwnerOnlyFromTheFirstByte() throws IOException {
        StateFiles files = files();
        files.ensureSecretsDirectory();
        Path secret = files.layout().runnerTokenFile();
        files.write(secret, "glrt-x", true);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.layout().secretsDir())))
                .isEqualTo("rwx------");
    }

    @Test
    void pulledImagesAreRememberedAndForgotten() {
        StateFiles files = files();
        files.recordPulledImage("a:1");
        files.recordPulledImage("b:2");
        files.recordPulledImage("a:1");
        files.forgetPulledImage("a:1");
        assertThat(files.pulledImages()).containsExactly("b:2");
    }

    @Test
    void aStateFolderMadeOnlyForTheLockIsDiscarded() {
        StateFiles files = files();
        files.ensureDirectory(files.layout().bookkeepingDir());
        files.discardIfOnlyBookkeeping();
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void aStateFolderWithAnythingElseIsKept() throws IOException {
        StateFiles files = files();
        files.ensureDirectory(files.layout().bookkeepingDir());
        Files.writeString(dir.resolve("state/something"), "x");
        files.discardIfOnlyBookkeeping();
        assertThat(dir.resolve("state/something")).exists();
    }
}

package dev.runnerops.orchestrator.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** In-memory tar archives of one file: build contexts and archive uploads. */
public final class Tar {
    private Tar() {}

    public static byte[] of(String name, byte[] data, int mode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(data.length);
            entry.setMode(mode);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new IllegalStateException("writing a tar to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}

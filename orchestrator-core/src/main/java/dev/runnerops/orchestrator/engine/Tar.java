package dev.runnerops.orchestrator.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** In-memory tar archives: build contexts and archive uploads (files and the folders that hold them). */
public final class Tar {
    private record Entry(String name, byte[] data, int mode) {}

    private final List<Entry> entries = new ArrayList<>();

    public static byte[] of(String name, byte[] data, int mode) {
        return new Tar().file(name, data, mode).bytes();
    }

    /** A folder: {@code name} without a trailing slash, relative to where the archive is extracted. */
    public Tar directory(String name, int mode) {
        entries.add(new Entry(name.endsWith("/") ? name : name + "/", null, mode));
        return this;
    }

    public Tar file(String name, byte[] data, int mode) {
        entries.add(new Entry(name, data, mode));
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry entry = new TarArchiveEntry(e.name());
                entry.setMode((e.data() == null ? TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 : 0100000) | e.mode());
                if (e.data() != null) {
                    entry.setSize(e.data().length);
                }
                tar.putArchiveEntry(entry);
                if (e.data() != null) {
                    tar.write(e.data());
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing a tar to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}

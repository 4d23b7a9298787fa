package dev.runnerops.orchestrator.model;

import java.util.List;

/**
 * What {@code doctor} found: one line per check, in the order it ran them.
 *
 * @param checks every check, passed, failed or skipped
 */
public record DoctorReport(List<Check> checks) {
    public DoctorReport {
        checks = List.copyOf(checks);
    }

    public enum Status { PASS, FAIL, SKIP }

    /**
     * @param area   what was checked: "engine", "runner container", "registry 1234….dkr.ecr…"
     * @param detail what was found, one line; quotes a tool's own error verbatim
     * @param fix    what to do about a failure; empty when it passed or was skipped
     */
    public record Check(String area, Status status, String detail, String fix) {
        public static Check pass(String area, String detail) {
            return new Check(area, Status.PASS, detail, "");
        }

        public static Check fail(String area, String detail, String fix) {
            return new Check(area, Status.FAIL, detail, fix);
        }

        public static Check skip(String area, String why) {
            return new Check(area, Status.SKIP, why, "");
        }
    }

    /** True when no check failed. */
    public boolean passed() {
        return checks.stream().noneMatch(c -> c.status() == Status.FAIL);
    }

    public List<Check> failures() {
        return checks.stream().filter(c -> c.status() == Status.FAIL).toList();
    }
}

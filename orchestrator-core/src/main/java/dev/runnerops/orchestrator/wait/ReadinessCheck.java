package dev.runnerops.orchestrator.wait;

/** One probe of whether something is ready. Small objects, as Testcontainers' wait strategies. */
public interface ReadinessCheck {
    /** True once ready. May throw {@link WaitAbortedException} when waiting longer cannot help. */
    boolean isReady();

    /** What is being waited for, for progress lines and timeout messages. */
    String describe();
}

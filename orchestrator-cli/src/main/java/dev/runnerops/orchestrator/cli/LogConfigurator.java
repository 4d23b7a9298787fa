package dev.runnerops.orchestrator.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging of the CLI, configured in code (found by logback through ServiceLoader) rather than by parsing a
 * logback.xml, which costs tens of milliseconds at every start. The CLI talks to users through progress
 * events; logs are for problems, and for {@code -v}.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");
        encoder.start();
        stderr.setEncoder(encoder);
        stderr.start();

        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(stderr);
        context.getLogger("dev.runnerops").setLevel(Level.WARN);
        context.getLogger("com.github.dockerjava").setLevel(Level.WARN);
        // Every failed streaming call would be logged with a stack trace; the orchestrator reports them itself.
        context.getLogger("com.github.dockerjava.api.async.ResultCallbackTemplate").setLevel(Level.OFF);
        // Wire and header logs can contain credentials (registry auth, tokens): never on, not even with -v.
        context.getLogger("org.apache.hc.client5.http.wire").setLevel(Level.OFF);
        context.getLogger("org.apache.hc.client5.http.headers").setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}

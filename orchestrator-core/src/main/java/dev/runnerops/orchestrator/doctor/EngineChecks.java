package dev.runnerops.orchestrator.doctor;

import dev.runnerops.orchestrator.config.ConfigValidator;
import dev.runnerops.orchestrator.engine.EngineInfo;
import dev.runnerops.orchestrator.errors.ConfigurationException;
import dev.runnerops.orchestrator.model.DoctorReport.Check;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import java.nio.file.Files;
import java.util.Locale;

/** The engine, the configuration and the images: what everything else stands on. */
final class EngineChecks {
    private EngineChecks() {}

    static void run(Diagnosis d) {
        EngineInfo info = d.ctx().engine().info();
        d.add(Check.pass("engine", String.format(Locale.ROOT, "Docker %s (API %s) at %s, %s/%s, %.1f GiB of memory",
                info.version(), info.apiVersion(), d.ctx().engine().host(), info.os(), info.architecture(),
                info.memTotalBytes() / (double) (1L << 30))));
        try {
            ConfigValidator.checkFor(d.ctx().config(), d.plan().mode(), false);
            d.add(Check.pass("configuration", d.ctx().config().source() + ": valid for "
                    + d.plan().mode().name().toLowerCase(Locale.ROOT).replace('_', '-') + " mode"));
        } catch (ConfigurationException e) {
            d.add(Check.fail("configuration", e.getMessage(), "Fix " + e.setting() + " as the message says."));
        }
        d.plan().containers().stream().map(ContainerSpec::image).distinct().forEach(image -> d.add(
                d.ctx().engine().imageId(image).isPresent()
                        ? Check.pass("image " + image, "present on the engine")
                        : Check.fail("image " + image, "not on the engine", "Run `up`" + (d.plan().gitlab().isPresent()
                                ? " --complete" : "") + ": it pulls the image.")));
        d.add(Files.isRegularFile(d.plan().helperBinary())
                ? Check.pass("helper binary", d.plan().helperBinary().toString())
                : Check.fail("helper binary", d.plan().helperBinary() + " does not exist", "Run `up`: it provides the "
                        + "helper (helper.source)."));
    }
}

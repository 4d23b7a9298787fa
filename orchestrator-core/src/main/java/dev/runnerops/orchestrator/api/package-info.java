/**
 * The library's entry point: the {@link dev.runnerops.orchestrator.api.Orchestrator} facade and the
 * {@link dev.runnerops.orchestrator.api.EngineConnection} it works through. Its signatures use only the public
 * packages config, model, event and errors. The top layer: nothing depends on it.
 */
package dev.runnerops.orchestrator.api;

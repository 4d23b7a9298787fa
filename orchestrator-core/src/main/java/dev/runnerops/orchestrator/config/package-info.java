/**
 * The configuration: immutable records ({@link dev.runnerops.orchestrator.config.OrchestratorConfig}), the one
 * list of settings with their defaults ({@link dev.runnerops.orchestrator.config.Settings}), TOML loading
 * (tomlj) and every validation rule ({@link dev.runnerops.orchestrator.config.ConfigValidator}). Public: an
 * embedding tool loads a configuration here and hands it to the api. Depends only on errors.
 */
package dev.runnerops.orchestrator.config;

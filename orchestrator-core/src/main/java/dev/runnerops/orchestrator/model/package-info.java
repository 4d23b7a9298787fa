/**
 * The values operations take and return: options, results and reports ({@code up}'s outcomes, what
 * {@code clean} removed and kept, {@code status}, log lines). Public: they appear in the api's signatures.
 * Depends on config and event.
 */
package dev.runnerops.orchestrator.model;

/**
 * Progress as typed events: what step is running, what it did, bytes transferred, waits, notices.
 * Public: a front end or an embedding tool subscribes a {@link dev.runnerops.orchestrator.event.ProgressListener}.
 * Depends on nothing.
 */
package dev.runnerops.orchestrator.event;

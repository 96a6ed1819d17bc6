/**
 * What every part of worker-app shares: bad input, the exit codes, and a connection to Temporal
 * that stops its own network threads. Imports nothing of ferry.
 */
package dev.ferry.worker.common;

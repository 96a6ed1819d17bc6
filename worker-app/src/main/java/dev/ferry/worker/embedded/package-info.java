/**
 * Temporal run inside the ferry process for {@code --embedded}, and the state directory it keeps.
 * Imports only common.
 */
package dev.ferry.worker.embedded;

/**
 * The {@code ferry} command line: {@link dev.ferry.worker.cli.FerryCommand} (the jar's main class)
 * and one picocli class per command. Nothing else in worker-app imports this package.
 */
package dev.ferry.worker.cli;

/**
 * The client side of a command: settings and connection to Temporal, the session (which may run
 * embedded Temporal and an in-process worker), starting and watching migrations, search attributes.
 * Imports host, embedded, format and common; never cli.
 */
package dev.ferry.worker.client;

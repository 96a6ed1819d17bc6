/**
 * A ferry worker: what it registers, how it starts and stops, and its Prometheus metrics. Imports
 * only common.
 */
package dev.ferry.worker.host;

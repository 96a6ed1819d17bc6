/** How the CLI prints progress, sizes, rates and JSON. Imports nothing of worker-app. */
package dev.ferry.worker.format;

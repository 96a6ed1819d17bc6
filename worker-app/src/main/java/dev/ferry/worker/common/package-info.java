/** What every part of worker-app shares: bad input and the exit codes. Imports nothing of ferry. */
package dev.ferry.worker.common;

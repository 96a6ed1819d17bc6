/**
 * The migration activities over {@link dev.ferry.activities.storage.StorageBackend}; a worker
 * registers {@link dev.ferry.activities.migration.FerryActivities#create}.
 *
 * <p>Every range activity lists its own range {@code (startAfter, lastKey]} on source and
 * destination side by side, heartbeats the last key it finished (with its counters so far) and
 * resumes after it on retry. How MOVE proves "verified and unchanged": {@code CopyRange} returns,
 * per object it copied or found identical, a 16-byte fingerprint (hash of the key, hash of the
 * source's size, ETag and last-modified as listed before reading). {@code VerifyRange} checks only
 * those objects, fails any whose source state no longer matches (SOURCE_CHANGED) or whose copy
 * differs in size or MD5 (VERIFY_FAILED), and passes on the fingerprints of the rest. {@code
 * DeleteRange} deletes a source only if it is in that verified set with the very same state and the
 * destination still holds an object of the same size. Keys never travel, only hashes.
 */
package dev.ferry.activities.migration;

/**
 * The Google Cloud Storage backend on the JSON API of Google's Java client: one {@code
 * GcsConnection} per profile, listings in key order from {@code startOffset}, single-request
 * uploads up to a chunk and resumable ones above, the store's own MD5 as each object's checksum,
 * and {@code GcsErrors}, the one place where client errors become the storage taxonomy.
 */
package dev.ferry.activities.storage.gcs;

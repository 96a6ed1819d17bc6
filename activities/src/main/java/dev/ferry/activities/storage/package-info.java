/**
 * The storage SPI: {@link dev.ferry.activities.storage.StorageBackend}, its records, the optional
 * {@link dev.ferry.activities.storage.ServerSideCopy} capability and the error taxonomy (not found,
 * permanent, retryable, checksum mismatch). One package per backend type ({@code fs}, {@code s3});
 * nothing here depends on Temporal.
 */
package dev.ferry.activities.storage;

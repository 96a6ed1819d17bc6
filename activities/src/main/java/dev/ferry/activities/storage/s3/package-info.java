/**
 * The S3-compatible backend on the MinIO Java client: one pooled {@link
 * dev.ferry.activities.storage.s3.S3Connection} per endpoint and account, bounded-part uploads with
 * the MD5 kept as {@code ferry-md5} user metadata, and {@code S3Errors}, the one place where client
 * errors become the storage taxonomy.
 */
package dev.ferry.activities.storage.s3;

/**
 * The filesystem backend: key-ordered lazy walk, temp file + fsync + atomic rename, key-escape and
 * symlink refusal, metadata and MD5 in extended attributes.
 */
package dev.ferry.activities.storage.fs;

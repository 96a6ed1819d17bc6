package dev.ferry.activities.migration;

import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.LongConsumer;

/** The hex MD5 of an object: the store's own when it has one, else computed by reading it. */
final class ObjectChecksums {
  private ObjectChecksums() {}

  /** The stored checksum from the listing or a stat, or null when the store holds none. */
  static String stored(StorageBackend backend, ObjectInfo info) {
    if (info.checksum() != null) {
      return normalize(info.checksum());
    }
    return backend
        .stat(info.key())
        .map(ObjectInfo::checksum)
        .map(ObjectChecksums::normalize)
        .orElse(null);
  }

  /** The stored checksum, or one computed from the bytes (reporting bytes read to progress). */
  static String of(StorageBackend backend, ObjectInfo info, LongConsumer progress) {
    String stored = stored(backend, info);
    return stored != null ? stored : read(backend, info.key(), progress);
  }

  static String read(StorageBackend backend, String key, LongConsumer progress) {
    try (InputStream in = backend.open(key);
        DigestingInputStream digest =
            new DigestingInputStream(new ProgressInputStream(in, progress))) {
      digest.transferTo(java.io.OutputStream.nullOutputStream());
      return digest.hex();
    } catch (IOException e) {
      throw new RetryableStorageException("reading " + key + " failed: " + e.getMessage(), e);
    }
  }

  static String normalize(String checksum) {
    return checksum.toLowerCase(Locale.ROOT);
  }
}

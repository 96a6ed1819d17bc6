package dev.ferry.activities.migration;

import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * The hex MD5 of an object: the store's own when it has one, else computed by reading it. A store
 * holds either a proof (an MD5 it computed itself) or a claim (a tag a writer set, which an
 * application rewriting the object with its old metadata leaves beside new bytes; see {@link
 * ObjectInfo#checksumProven}).
 */
final class ObjectChecksums {
  /** A checksum the store holds, and whether it computed it itself. */
  record Held(String md5, boolean proven) {}

  private ObjectChecksums() {}

  /** The stored checksum from the listing or a stat, or null when the store holds none. */
  static Held held(StorageBackend backend, ObjectInfo info) {
    ObjectInfo known = info.checksum() != null ? info : backend.stat(info.key()).orElse(null);
    if (known == null || known.checksum() == null) {
      return null;
    }
    return new Held(normalize(known.checksum()), known.checksumProven());
  }

  /** The stored checksum, or one computed from the bytes (reporting bytes read to progress). */
  static String of(StorageBackend backend, ObjectInfo info, LongConsumer progress) {
    Held held = held(backend, info);
    return held != null ? held.md5() : read(backend, info.key(), progress);
  }

  /** The checksum the store computed itself, else one computed from the bytes: never a claim. */
  static String proven(StorageBackend backend, ObjectInfo info, LongConsumer progress) {
    return proven(backend, info, held(backend, info), progress);
  }

  /** The proof among checksums already held, else one computed from the bytes. */
  static String proven(StorageBackend backend, ObjectInfo info, Held held, LongConsumer progress) {
    return held != null && held.proven() ? held.md5() : read(backend, info.key(), progress);
  }

  static String read(StorageBackend backend, String key, LongConsumer progress) {
    try (InputStream in = backend.open(key)) {
      return md5Of(in, progress);
    } catch (IOException e) {
      throw new RetryableStorageException("reading " + key + " failed: " + e.getMessage(), e);
    }
  }

  /** The hex MD5 of what {@code in} holds, read to its end (reporting bytes read to progress). */
  static String md5Of(InputStream in, LongConsumer progress) throws IOException {
    try (DigestingInputStream digest =
        new DigestingInputStream(new ProgressInputStream(in, progress))) {
      digest.transferTo(OutputStream.nullOutputStream());
      return digest.hex();
    }
  }

  static String normalize(String checksum) {
    return checksum.toLowerCase(Locale.ROOT);
  }
}

package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Deletes files by key: each refusal named beside its key, a read-only filesystem for all. */
final class FileDeletes {
  private FileDeletes() {}

  /** See {@code StorageBackend#delete}; {@code location} names the backend in a whole fault. */
  static List<DeleteFailure> delete(KeyPaths paths, String location, List<String> keys) {
    List<DeleteFailure> failures = new ArrayList<>();
    for (String key : keys) {
      try {
        Path path = paths.resolve(key);
        paths.requireNoSymlinkedParent(path, key);
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        Files.deleteIfExists(path);
      } catch (IOException e) {
        StorageException error = FsErrors.classifyWrite(location, paths.root(), "delete " + key, e);
        if (error instanceof LocationFaultException) {
          throw error; // a read-only filesystem refuses every other key too
        }
        failures.add(new DeleteFailure(key, error.getMessage()));
      } catch (StorageException e) {
        failures.add(new DeleteFailure(key, e.getMessage()));
      }
    }
    return failures;
  }
}

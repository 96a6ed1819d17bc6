package dev.ferry.activities.migration;

import dev.ferry.activities.storage.ChangedWhileReadException;
import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.ProfileMissingException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.workflows.FerryFailures;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/**
 * The one place where storage exceptions become {@link ApplicationFailure}s, typed with the names
 * of {@link FerryFailures} that the retry options also use.
 */
final class StorageFailures {
  private StorageFailures() {}

  /** Runs an activity body, translating any escaping storage exception. */
  static <T> T translate(Supplier<T> body) {
    try {
      return body.get();
    } catch (StorageException e) {
      throw toFailure(e);
    } catch (OutOfMemoryError e) {
      // Retried, perhaps on another worker; the SDK's own report names no remedy.
      throw ApplicationFailure.newFailure(
          e.getMessage() + OUT_OF_HEAP, FerryFailures.RETRYABLE_STORAGE);
    }
  }

  static ApplicationFailure toFailure(StorageException e) {
    // Storage messages carry no secrets (SPI contract); the cause's stack stays on the worker.
    return ApplicationFailure.newFailure(message(e), type(e));
  }

  /** What the worker can change when its heap ran out, after the JVM's words. */
  static final String OUT_OF_HEAP =
      ": this worker ran out of heap; give it more (FERRY_JAVA_OPTS=-Xmx...) or fewer activities"
          + " (--max-activities)";

  /** {@code e}'s message, with {@link #OUT_OF_HEAP} when the heap running out caused it. */
  static String message(StorageException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError
          || (t.getMessage() != null && t.getMessage().contains("OutOfMemoryError"))) {
        return e.getMessage() + OUT_OF_HEAP;
      }
    }
    return e.getMessage();
  }

  static String type(StorageException e) {
    if (e instanceof RetryableStorageException || e instanceof ProfileMissingException) {
      return FerryFailures.RETRYABLE_STORAGE; // the next attempt may run on a worker that has it
    }
    if (e instanceof ChecksumMismatchException) {
      return FerryFailures.CHECKSUM_MISMATCH;
    }
    return FerryFailures.PERMANENT_STORAGE;
  }

  /** Whether retrying the same object later may succeed. */
  static boolean isTransient(StorageException e) {
    return e instanceof RetryableStorageException
        || e instanceof ChecksumMismatchException
        || e instanceof ProfileMissingException;
  }

  /** The {@code ObjectFailure} reason of a permanent per-object error. */
  static String reason(StorageException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ChangedWhileReadException) {
        return FerryFailures.REASON_SOURCE_CHANGED; // changed on every attempt to read it
      }
    }
    if (e instanceof NotFoundException) {
      return FerryFailures.REASON_NOT_FOUND;
    }
    if (e instanceof PermanentStorageException || e instanceof LocationFaultException) {
      return FerryFailures.REASON_PERMANENT; // a location fault here concerned one object
    }
    return FerryFailures.REASON_RETRIES_EXHAUSTED;
  }
}

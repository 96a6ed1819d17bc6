package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.workflows.FerryFailures;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class StorageFailuresTest {
  @Test
  void aHeapThatRanOutIsRetriedWithWhatToChange() {
    ApplicationFailure thrown =
        assertThrows(
            ApplicationFailure.class,
            () ->
                StorageFailures.translate(
                    () -> {
                      throw new OutOfMemoryError("Java heap space");
                    }));
    assertEquals(FerryFailures.RETRYABLE_STORAGE, thrown.getType());
    assertTrue(thrown.getOriginalMessage().endsWith(StorageFailures.OUT_OF_HEAP));

    // As OkHttp reports it from a transfer thread: the heap, not the network, is at fault.
    RetryableStorageException cancelled =
        new RetryableStorageException(
            "put big.bin: IOException (canceled due to java.lang.OutOfMemoryError: Java heap space)",
            new IOException("canceled due to java.lang.OutOfMemoryError: Java heap space"));
    assertTrue(StorageFailures.message(cancelled).endsWith(StorageFailures.OUT_OF_HEAP));
    assertEquals(
        "put a: timed out",
        StorageFailures.message(new RetryableStorageException("put a: timed out")));
  }
}

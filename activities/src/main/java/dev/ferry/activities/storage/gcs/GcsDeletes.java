package dev.ferry.activities.storage.gcs;

import com.google.cloud.BatchResult;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobSourceOption;
import com.google.cloud.storage.StorageBatch;
import com.google.cloud.storage.StorageException;
import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.UnchangedObjects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * GCS deletes, batched 100 to a request. A conditional one holds to the object a listing saw: one
 * batch looks each object up again, and the deletes of those unchanged go with {@code
 * ifGenerationMatch} set to the generation found, so an object written after that lookup is kept
 * (GCS answers 412) rather than deleted. fake-gcs-server ignores the condition on deletes (see
 * docs/s3-deviations.md), so there the lookup alone holds to the listing.
 */
final class GcsDeletes {
  /** The most requests GCS takes in one batch. */
  static final int BATCH = 100;

  private static final int NOT_FOUND = 404;
  private static final int PRECONDITION_FAILED = 412;

  private final Storage storage;
  private final String bucket;
  private final String prefix;
  private final String description;

  GcsDeletes(Storage storage, String bucket, String prefix, String description) {
    this.storage = storage;
    this.bucket = bucket;
    this.prefix = prefix;
    this.description = description;
  }

  /** Deletes {@code keys}; a key already gone counts as deleted. */
  List<DeleteFailure> delete(List<String> keys) {
    List<DeleteFailure> failures = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += BATCH) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + BATCH));
      StorageBatch batch = storage.batch();
      for (String key : chunk) {
        batch.delete(id(key)).notify(deleted(key, failures));
      }
      submit(batch, "delete " + chunk.size() + " keys");
    }
    return failures;
  }

  /**
   * Deletes each of {@code listed} only while it is the object listed ({@code deleteUnchanged}).
   */
  List<DeleteFailure> deleteUnchanged(List<ObjectInfo> listed) {
    List<DeleteFailure> failures = new ArrayList<>();
    for (int from = 0; from < listed.size(); from += BATCH) {
      List<ObjectInfo> chunk = listed.subList(from, Math.min(listed.size(), from + BATCH));
      Map<String, Long> generations = unchangedGenerations(chunk, failures);
      if (generations.isEmpty()) {
        continue;
      }
      StorageBatch batch = storage.batch();
      generations.forEach(
          (key, generation) ->
              batch
                  .delete(id(key), BlobSourceOption.generationMatch(generation))
                  .notify(deleted(key, failures)));
      submit(batch, "delete " + generations.size() + " keys");
    }
    return failures;
  }

  /**
   * The generation of each object of {@code chunk} that is still as listed, by key; one changed
   * since is added to {@code failures} as kept, one gone is left out (as a delete treats it).
   */
  private Map<String, Long> unchangedGenerations(
      List<ObjectInfo> chunk, List<DeleteFailure> failures) {
    Map<String, Long> generations = new HashMap<>();
    StorageBatch batch = storage.batch();
    for (ObjectInfo listed : chunk) {
      batch
          .get(id(listed.key()))
          .notify(
              callback(
                  blob -> {
                    if (blob == null) {
                      return;
                    }
                    if (UnchangedObjects.same(listed, GcsObjects.info(blob, prefix))) {
                      generations.put(listed.key(), blob.getGeneration());
                    } else {
                      failures.add(DeleteFailure.changed(listed.key()));
                    }
                  },
                  e -> failures.add(refused(listed.key(), "stat", e))));
    }
    submit(batch, "stat " + chunk.size() + " keys");
    return generations;
  }

  private BatchResult.Callback<Boolean, StorageException> deleted(
      String key, List<DeleteFailure> failures) {
    return callback(
        ignored -> {},
        e -> {
          if (e.getCode() == PRECONDITION_FAILED) {
            failures.add(DeleteFailure.changed(key)); // written since the lookup
          } else if (e.getCode() != NOT_FOUND) {
            failures.add(refused(key, "delete", e));
          }
        });
  }

  private DeleteFailure refused(String key, String what, StorageException e) {
    return DeleteFailure.refused(key, GcsErrors.classify(description, what + " " + key, e, true));
  }

  private void submit(StorageBatch batch, String what) {
    try {
      batch.submit();
    } catch (RuntimeException e) {
      throw GcsErrors.classify(description, what, e, false);
    }
  }

  private BlobId id(String key) {
    return BlobId.of(bucket, prefix + key);
  }

  private static <T> BatchResult.Callback<T, StorageException> callback(
      Consumer<T> success, Consumer<StorageException> error) {
    return new BatchResult.Callback<>() {
      @Override
      public void success(T result) {
        success.accept(result);
      }

      @Override
      public void error(StorageException e) {
        error.accept(e);
      }
    };
  }
}

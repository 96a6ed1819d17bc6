package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.storage.UnchangedObjects;
import io.minio.DeleteObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.DeleteRequest;
import io.minio.messages.DeleteResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Deletes of one bucket and prefix: plain ones in DeleteObjects batches, and those that must hold
 * to the object listed as single DELETEs with {@code If-Match}. AWS S3, Ceph, S3Proxy, versitygw
 * and moto all refuse a stale {@code If-Match} on a DELETE with 412, but versitygw and moto ignore
 * the ETag of a DeleteObjects entry and delete anyway, so a conditional delete is a request of its
 * own.
 */
final class S3Deletes {
  /** Keys per DeleteObjects request, the S3 maximum. */
  static final int DELETE_BATCH = 1000;

  /** Conditional DELETEs in flight at once: each holds a connection of its own. */
  static final int CONDITIONAL_IN_FLIGHT = 32;

  /** The codes of a DeleteObjects entry that say the store, not the key, failed for now. */
  private static final Set<String> PASSING_CODES =
      Set.of("InternalError", "ServiceUnavailable", "SlowDown");

  private final S3Connection connection;
  private final String bucket;
  private final String prefix;
  private final String description;

  S3Deletes(S3Connection connection, String bucket, String prefix, String description) {
    this.connection = connection;
    this.bucket = bucket;
    this.prefix = prefix;
    this.description = description;
  }

  private MinioAsyncClient client() {
    return connection.client();
  }

  /** Deletes {@code keys}; a key already gone counts as deleted. */
  List<DeleteFailure> delete(List<String> keys) {
    List<DeleteFailure> failures = new ArrayList<>();
    List<String> batchable = new ArrayList<>(keys.size());
    for (String key : keys) {
      if (ExactKeys.fitsXml(prefix + key)) {
        batchable.add(key);
      } else {
        deleteOne(key, null, failures);
      }
    }
    for (int from = 0; from < batchable.size(); from += DELETE_BATCH) {
      List<String> batch = batchable.subList(from, Math.min(batchable.size(), from + DELETE_BATCH));
      List<DeleteRequest.Object> objects = new ArrayList<>(batch.size());
      for (String key : batch) {
        objects.add(new DeleteRequest.Object(prefix + key));
      }
      DeleteResult result =
          S3Errors.await(
                  description,
                  client()
                      .deleteObjects(
                          DeleteObjectsArgs.builder()
                              .bucket(bucket)
                              .objects(objects)
                              .quiet(true)
                              .build()),
                  "delete " + batch.size() + " objects")
              .result();
      for (DeleteResult.Error error : result.errors()) {
        if ("NoSuchKey".equals(error.code())) {
          continue;
        }
        String name = error.objectName() == null ? "" : error.objectName();
        String key = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
        failures.add(
            new DeleteFailure(
                key,
                error.code() + " (" + error.message() + ")",
                false,
                PASSING_CODES.contains(error.code())));
      }
    }
    return failures;
  }

  /**
   * Deletes each of {@code listed} only while its ETag is the one listed: one DELETE with {@code
   * If-Match} each, {@link #CONDITIONAL_IN_FLIGHT} in flight at once. An object without an ETag is
   * asked for again first instead.
   */
  List<DeleteFailure> deleteUnchanged(S3Backend backend, List<ObjectInfo> listed) {
    List<DeleteFailure> failures = new ArrayList<>();
    List<ObjectInfo> plain = new ArrayList<>();
    List<ObjectInfo> conditional = new ArrayList<>();
    for (ObjectInfo o : listed) {
      if (o.etag() == null) {
        plain.add(o);
      } else if (ExactKeys.rewrittenByClient(prefix + o.key())) {
        deleteOne(o.key(), o.etag(), failures);
      } else {
        conditional.add(o);
      }
    }
    for (int from = 0; from < conditional.size(); from += CONDITIONAL_IN_FLIGHT) {
      List<ObjectInfo> window =
          conditional.subList(from, Math.min(conditional.size(), from + CONDITIONAL_IN_FLIGHT));
      List<CompletableFuture<Void>> replies = new ArrayList<>(window.size());
      for (ObjectInfo o : window) {
        replies.add(
            client()
                .removeObject(
                    RemoveObjectArgs.builder()
                        .bucket(bucket)
                        .object(prefix + o.key())
                        .extraHeaders(Map.of("If-Match", quoted(o.etag())))
                        .build()));
      }
      for (int i = 0; i < window.size(); i++) {
        settle(window.get(i).key(), replies.get(i), failures);
      }
    }
    plain.addAll(withoutEtagNow(backend, conditional, failures));
    failures.addAll(UnchangedObjects.deleteAfterStat(backend, plain));
    return failures;
  }

  /**
   * Takes out of {@code failures} the objects kept as changed that now have no ETag, which no
   * {@code If-Match} can hold to (S3Proxy's directory markers: a directory's HEAD has none), and
   * returns them as listed, to be held to their size and time instead.
   */
  private static List<ObjectInfo> withoutEtagNow(
      S3Backend backend, List<ObjectInfo> conditional, List<DeleteFailure> failures) {
    Map<String, ObjectInfo> byKey = new HashMap<>();
    conditional.forEach(o -> byKey.put(o.key(), o));
    List<ObjectInfo> noEtag = new ArrayList<>();
    failures.removeIf(
        f -> {
          ObjectInfo listed = f.changed() ? byKey.get(f.key()) : null;
          if (listed != null
              && backend.stat(f.key()).map(now -> now.etag() == null).orElse(false)) {
            noEtag.add(listed);
            return true;
          }
          return false;
        });
    return noEtag;
  }

  /** Waits for the conditional DELETE of {@code key} and records how it ended. */
  private void settle(String key, CompletableFuture<Void> reply, List<DeleteFailure> failures) {
    try {
      reply.join();
    } catch (CompletionException e) {
      failed(key, e, failures);
    }
  }

  /**
   * One DELETE, with {@code If-Match: ifMatch} unless null, for a key that a DeleteObjects body
   * would not carry as it is (XML turns a carriage return into a line feed, so {@code a\rb} would
   * delete {@code a\nb}) or that must hold to its ETag.
   */
  private void deleteOne(String key, String ifMatch, List<DeleteFailure> failures) {
    String object = prefix + key;
    Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", quoted(ifMatch));
    try {
      if (ExactKeys.rewrittenByClient(object)) {
        connection.exactKeyCalls(description, key).delete(bucket, object, headers);
      } else {
        S3Errors.await(
            description,
            client()
                .removeObject(
                    RemoveObjectArgs.builder()
                        .bucket(bucket)
                        .object(object)
                        .extraHeaders(headers)
                        .build()),
            "delete " + key);
      }
    } catch (StorageException | IOException | MinioException e) {
      failed(key, e, failures);
    }
  }

  /**
   * Records how the DELETE of {@code key} failed: kept when its {@code If-Match} failed, nothing
   * when the object was gone already (as a batch delete treats it), the store's reason when it
   * refused, passing or not; throws a fault of the whole side.
   */
  private void failed(String key, Throwable e, List<DeleteFailure> failures) {
    if (preconditionFailed(e)) {
      failures.add(DeleteFailure.changed(key));
      return;
    }
    StorageException error = S3Errors.classify(description, "delete " + key, e);
    if (error instanceof NotFoundException) {
      return;
    }
    if (!(error instanceof PermanentStorageException)
        && !(error instanceof RetryableStorageException)) {
      throw error; // a fault of the whole side: every other key would be refused alike
    }
    // A passing refusal is returned, not thrown, so that the keys deleted beside it are counted.
    failures.add(DeleteFailure.refused(key, error));
  }

  private static String quoted(String etag) {
    return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
  }

  /** Whether {@code e} is, or was caused by, S3's answer that an {@code If-Match} failed. */
  private static boolean preconditionFailed(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ErrorResponseException ere
          && ("PreconditionFailed".equals(ere.errorResponse().code())
              || (ere.response() != null && ere.response().code() == 412))) {
        return true;
      }
    }
    return false;
  }
}

package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.StorageBackend;
import io.minio.ListObjectsV2Args;
import io.minio.ListObjectsV2Response;
import io.minio.messages.Contents;
import io.minio.messages.Item;
import io.minio.messages.ListBucketResultV2;
import io.minio.messages.ListObjectsResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the keys under one bucket and prefix in key order: one flat listing, or a {@link
 * DirectoryWalk} with the {@code /} delimiter, as the connection's {@link S3Listing} says or, by
 * default, as ferry chose for the location.
 */
final class S3Lister {
  private static final Logger LOG = LoggerFactory.getLogger(S3Lister.class);
  private static final int LIST_BATCH = 1000;
  private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final S3Connection connection;
  private final String bucket;
  private final String prefix;
  private final String description;

  /** Where the last page of a directory walk stopped, for the next page to go on from. */
  private final AtomicReference<DirectoryWalk> lastWalk = new AtomicReference<>();

  S3Lister(S3Connection connection, String bucket, String prefix, String description) {
    this.connection = connection;
    this.bucket = bucket;
    this.prefix = prefix;
    this.description = description;
  }

  /** A page of the keys in {@code (startAfter, lastKey]}, as {@link StorageBackend#list}. */
  ListPage list(String startAfter, String lastKey, int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
    }
    String after = startAfter == null ? null : prefix + startAfter;
    String last = lastKey == null ? null : prefix + lastKey;
    // Every key in (startAfter, lastKey] starts with what the two bounds share: asking for that
    // prefix returns the same keys, and lets a store that lists by directory (MinIO, S3Proxy)
    // walk one directory instead of the whole bucket.
    String listPrefix =
        startAfter == null || lastKey == null
            ? prefix
            : prefix + KeyOrder.commonPrefix(startAfter, lastKey);
    return listing() == S3Listing.DIRECTORIES
        ? listDirectories(listPrefix, after, last, maxKeys)
        : listFlat(listPrefix, after, last, maxKeys);
  }

  /** The configured listing, or the one chosen for this location (see {@link S3Listing#AUTO}). */
  private S3Listing listing() {
    S3Listing configured = connection.listing();
    return configured != S3Listing.AUTO
        ? configured
        : connection.listingOf(bucket + "/" + prefix, this::chooseListing);
  }

  private S3Listing chooseListing() {
    long flat = Long.MAX_VALUE;
    long delimited = Long.MAX_VALUE;
    for (int i = 0; i < 2; i++) {
      flat = Math.min(flat, timed(null));
      delimited = Math.min(delimited, timed("/"));
    }
    S3Listing chosen = chooseListing(flat, delimited);
    LOG.info(
        "{}: listing {}: a flat request for one key took {} ms, a delimited one {} ms",
        description,
        chosen.id(),
        TimeUnit.NANOSECONDS.toMillis(flat),
        TimeUnit.NANOSECONDS.toMillis(delimited));
    return chosen;
  }

  /**
   * Directories where a flat request for one key costs more than twice a delimited one plus {@link
   * #MARGIN_NANOS}: the store reads the whole tree under the prefix before it pages.
   */
  static S3Listing chooseListing(long flatNanos, long delimitedNanos) {
    return flatNanos > 2 * delimitedNanos + MARGIN_NANOS ? S3Listing.DIRECTORIES : S3Listing.FLAT;
  }

  private long timed(String delimiter) {
    long start = System.nanoTime();
    S3Errors.await(description, listRequest(prefix, delimiter, null, null, 1), "list");
    return System.nanoTime() - start;
  }

  private ListPage listFlat(String listPrefix, String after, String last, int maxKeys) {
    List<ObjectInfo> objects = new ArrayList<>();
    String token = null;
    String lastName = null;
    while (true) {
      // Never one key more than asked to learn whether more follow: the reply says so, and on a
      // store that walks its files per request (S3Proxy) a probe costs as much as a full page.
      int want = Math.min(LIST_BATCH, maxKeys - objects.size());
      ListBucketResultV2 result =
          decoded(
              S3Errors.await(
                  description, listRequest(listPrefix, null, after, token, want), "list"));
      for (Contents item : result.contents()) {
        String name = item.objectName();
        if (last != null && KeyOrder.compare(name, last) > 0) {
          return new ListPage(objects, false);
        }
        objects.add(ObjectReplies.listed(name.substring(prefix.length()), item));
        lastName = name;
      }
      token = result.nextContinuationToken();
      if (!result.isTruncated() || token == null) {
        return new ListPage(objects, false);
      }
      if (objects.size() >= maxKeys) {
        // More may follow, unless the page ends at the bound itself.
        return new ListPage(objects, !lastName.equals(last));
      }
    }
  }

  /**
   * A page of a {@link DirectoryWalk}: the walk the previous page left off goes on when this page
   * starts where it stopped (a caller paging through a listing), so the directories it listed ahead
   * are not listed again.
   */
  private ListPage listDirectories(String listPrefix, String after, String last, int maxKeys) {
    DirectoryWalk walk = lastWalk.getAndSet(null);
    if (walk == null || !walk.continues(after, last)) {
      walk = new DirectoryWalk(this::listDirectory, listPrefix, after, last);
    }
    ListPage page = walk.next(maxKeys);
    if (page.truncated()) {
      lastWalk.set(walk);
    }
    return page;
  }

  /** One request of a {@link DirectoryWalk}: objects and common prefixes, merged in key order. */
  private Supplier<DirectoryWalk.Level> listDirectory(
      String listPrefix, String startAfter, String token, int maxKeys) {
    CompletableFuture<ListObjectsV2Response> reply =
        listRequest(listPrefix, "/", startAfter, token, maxKeys);
    return () -> {
      ListBucketResultV2 result = decoded(S3Errors.await(description, reply, "list"));
      List<DirectoryWalk.Entry> entries = new ArrayList<>();
      for (Contents item : result.contents()) {
        entries.add(
            new DirectoryWalk.Entry(
                item.objectName(),
                ObjectReplies.listed(item.objectName().substring(prefix.length()), item)));
      }
      for (ListObjectsResult.Prefix p : result.commonPrefixes()) {
        Item item = p.toItem();
        item.setEncodingType(result.encodingType());
        entries.add(new DirectoryWalk.Entry(item.objectName(), null));
      }
      entries.sort((a, b) -> KeyOrder.compare(a.name(), b.name()));
      String next = result.isTruncated() ? result.nextContinuationToken() : null;
      return new DirectoryWalk.Level(entries, next);
    };
  }

  /** Sends one ListObjectsV2 request; startAfter applies without a token. */
  private CompletableFuture<ListObjectsV2Response> listRequest(
      String listPrefix, String delimiter, String startAfter, String token, int maxKeys) {
    ListObjectsV2Args.Builder args =
        ListObjectsV2Args.builder()
            .bucket(bucket)
            .prefix(listPrefix)
            .delimiter(delimiter)
            .maxKeys(maxKeys)
            .encodingType("url");
    if (token != null) {
      args.continuationToken(token);
    } else if (startAfter != null) {
      args.startAfter(startAfter);
    }
    return connection.client().listObjectsV2(args.build());
  }

  /** The reply's result, its object names decoded as the request asked them encoded. */
  private static ListBucketResultV2 decoded(ListObjectsV2Response response) {
    ListBucketResultV2 result = response.result();
    for (Contents item : result.contents()) {
      item.setEncodingType(result.encodingType());
    }
    return result;
  }
}

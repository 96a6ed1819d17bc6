package dev.ferry.activities.storage.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobGetOption;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobSourceOption;
import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.KeyPrefix;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.StorageBackend;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A bucket and key prefix of Google Cloud Storage as a {@link StorageBackend}.
 *
 * <p>GCS lists names in the order of their UTF-8 bytes, {@link KeyOrder}'s order, from an inclusive
 * {@code startOffset}; the exclusive {@code startAfter} is that offset with the one equal name
 * dropped. Every object but a composite one has an MD5 that GCS computed of the bytes it holds,
 * which is the object's checksum; a write is finished only when GCS's MD5 equals the one of the
 * bytes sent.
 */
public final class GcsBackend implements StorageBackend {
  private final GcsConnection connection;
  private final String bucket;
  private final String prefix;
  private final String description;
  private final GcsWriter writer;
  private final GcsDeletes deletes;

  private GcsBackend(GcsConnection connection, String bucket, String prefix, String description) {
    this.connection = connection;
    this.bucket = bucket;
    this.prefix = prefix;
    this.description = description;
    this.writer = new GcsWriter(connection, bucket, prefix, description);
    this.deletes = new GcsDeletes(connection.storage(), bucket, prefix, description);
  }

  /**
   * A backend for the keys under {@code prefix} in {@code bucket}; no request is made here.
   *
   * @param prefix a key prefix used as a directory ({@code in} holds the keys under {@code in/}),
   *     or empty for the whole bucket
   */
  static GcsBackend create(
      GcsConnection connection, String bucket, String prefix, String description) {
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException("bucket must not be empty");
    }
    return new GcsBackend(connection, bucket, KeyPrefix.asDirectory(prefix), description);
  }

  private Storage storage() {
    return connection.storage();
  }

  @Override
  public ListPage list(String startAfter, String lastKey, int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
    }
    List<BlobListOption> options = new ArrayList<>();
    // The name equal to startAfter comes back from the inclusive offset, and one more name after
    // the page tells whether the listing is truncated.
    options.add(BlobListOption.pageSize(maxKeys + 2L));
    if (!prefix.isEmpty()) {
      options.add(BlobListOption.prefix(prefix));
    }
    if (startAfter != null) {
      options.add(BlobListOption.startOffset(prefix + startAfter));
    }
    List<ObjectInfo> objects = new ArrayList<>();
    try {
      Page<Blob> page = storage().list(bucket, options.toArray(BlobListOption[]::new));
      while (page != null) {
        for (Blob blob : page.getValues()) {
          ObjectInfo info = GcsObjects.info(blob, prefix);
          if (startAfter != null && KeyOrder.compare(info.key(), startAfter) <= 0) {
            continue;
          }
          if (lastKey != null && KeyOrder.compare(info.key(), lastKey) > 0) {
            return new ListPage(objects, false);
          }
          if (objects.size() == maxKeys) {
            return new ListPage(objects, true);
          }
          objects.add(info);
        }
        boolean atBound = lastKey != null && !objects.isEmpty() && lastKey.equals(lastOf(objects));
        if (!page.hasNextPage() || atBound) {
          return new ListPage(objects, false);
        }
        page = page.getNextPage();
      }
      return new ListPage(objects, false);
    } catch (RuntimeException e) {
      throw GcsErrors.classify(description, "list", e, false);
    }
  }

  private static String lastOf(List<ObjectInfo> objects) {
    return objects.get(objects.size() - 1).key();
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    try {
      Blob blob = storage().get(BlobId.of(bucket, prefix + key));
      return Optional.ofNullable(blob).map(b -> GcsObjects.info(b, prefix));
    } catch (RuntimeException e) {
      throw GcsErrors.classify(description, "stat " + key, e, true);
    }
  }

  /** Reads the generation found when opening, so a concurrent overwrite cannot mix two objects. */
  @Override
  public InputStream open(String key) {
    BlobId id = BlobId.of(bucket, prefix + key);
    ReadChannel channel;
    try {
      Blob blob = storage().get(id, BlobGetOption.fields(Storage.BlobField.GENERATION));
      if (blob == null) {
        throw new NotFoundException(description + ": open " + key + ": no such object");
      }
      channel =
          storage()
              .reader(
                  BlobId.of(bucket, prefix + key, blob.getGeneration()),
                  BlobSourceOption.generationMatch(blob.getGeneration()));
      channel.setChunkSize(connection.chunkSize());
    } catch (RuntimeException e) {
      throw GcsErrors.classify(description, "open " + key, e, true);
    }
    return new FilterInputStream(Channels.newInputStream(channel)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return super.read(b, off, len);
        } catch (RuntimeException e) {
          throw GcsErrors.classify(description, "read " + key, e, true);
        }
      }
    };
  }

  @Override
  public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata) {
    return writer.put(key, data, size, metadata, () -> {});
  }

  /** A chunk, or an object of up to one, is read whole before it is sent: a slow send tells. */
  @Override
  public ObjectInfo put(
      String key, InputStream data, long size, ObjectMetadata metadata, Runnable sending) {
    return writer.put(key, data, size, metadata, sending);
  }

  /** Deletes in batches of up to 100 keys; a key already gone counts as deleted. */
  @Override
  public List<DeleteFailure> delete(List<String> keys) {
    return deletes.delete(keys);
  }

  /**
   * Looks the objects up again in one batch request, then deletes those unchanged with {@code
   * ifGenerationMatch}: an object written in between is kept.
   */
  @Override
  public List<DeleteFailure> deleteUnchanged(List<ObjectInfo> listed) {
    return deletes.deleteUnchanged(listed);
  }

  /**
   * Listings carry every field a stat does, but the object may have gone or changed since: one stat
   * gives its metadata now.
   */
  @Override
  public ObjectMetadata metadataOf(ObjectInfo listed) {
    return stat(listed.key())
        .orElseThrow(
            () -> new NotFoundException(description + ": " + listed.key() + ": no such object"))
        .copyMetadata();
  }

  @Override
  public String locationId() {
    String endpoint = connection.endpoint();
    String host =
        endpoint == null ? "" : endpoint.replaceAll("/+$", "").toLowerCase(Locale.ROOT) + "/";
    String path =
        prefix.isEmpty() ? bucket : bucket + "/" + prefix.substring(0, prefix.length() - 1);
    return "gcs:" + host + path;
  }

  /** GCS refuses a write whose MD5 differs from the one sent, and ferry compares the rest. */
  @Override
  public boolean checksWrites() {
    return true;
  }

  @Override
  public boolean rootExists() {
    try {
      return storage().get(bucket) != null;
    } catch (RuntimeException e) {
      throw GcsErrors.classify(description, "look up the bucket", e, false);
    }
  }

  @Override
  public String describe() {
    return description;
  }
}

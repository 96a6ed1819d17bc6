package dev.ferry.activities.storage.azure;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.specialized.BlobInputStream;
import dev.ferry.activities.storage.ContentHeaders;
import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.KeyPrefix;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.OpenWithMetadata;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.storage.TagsOption;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A container and blob-name prefix of Azure Blob Storage as a {@link StorageBackend}.
 *
 * <p>Keys are blob names after the prefix, sent as they are (the client percent-encodes them). A
 * blob's checksum is its {@code Content-MD5} property: Azure computes it for a single Put Blob, and
 * {@link AzureWriter} sets it when it commits a block list. User metadata names travel through
 * {@link MetadataNames}, a reversible encoding into the C# identifiers Azure requires ({@code
 * x-foo} is stored as {@code ferry_x_2dfoo}). Thread-safe; all backends on one {@link
 * AzureConnection} share its client.
 */
final class AzureBackend implements StorageBackend, OpenWithMetadata {
  /** Blocks of one blob staged at once, as S3's parts in flight. */
  static final int PARALLEL_BLOCKS = 4;

  /** Deletes sent at once by {@link #delete}. */
  private static final int PARALLEL_DELETES = 8;

  private final AzureConnection connection;
  private final String name;
  private final String prefix;
  private final String description;
  private final BlobContainerClient container;
  private final AzureListing listing;
  private final AzureWriter writer;

  private AzureBackend(AzureConnection connection, String name, String prefix, String description) {
    this.connection = connection;
    this.name = name;
    this.prefix = prefix;
    this.description = description;
    this.container = connection.client().getBlobContainerClient(name);
    this.listing = new AzureListing(container, prefix);
    this.writer = new AzureWriter(connection, container, name, prefix, description);
  }

  /**
   * A backend for the blobs under {@code prefix} in container {@code name}; no request is made.
   *
   * @param prefix a name prefix used as a directory ({@code in} holds the blobs under {@code in/}),
   *     or empty for the whole container
   */
  static AzureBackend create(
      AzureConnection connection, String name, String prefix, String description) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("container must not be empty");
    }
    return new AzureBackend(connection, name, KeyPrefix.asDirectory(prefix), description);
  }

  @Override
  public ListPage list(String startAfter, String lastKey, int maxKeys) {
    try {
      return listing.list(startAfter, lastKey, maxKeys);
    } catch (RuntimeException e) {
      throw fail("list", e);
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    try {
      return Optional.of(info(key, blob(key).getProperties()));
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404 && !"ContainerNotFound".equals(errorCode(e))) {
        return Optional.empty();
      }
      throw fail("stat " + key, e);
    } catch (RuntimeException e) {
      throw fail("stat " + key, e);
    }
  }

  @Override
  public InputStream open(String key) {
    return openWithProperties(key).data();
  }

  @Override
  public Opened openWithMetadata(ObjectInfo listed) {
    return openWithMetadata(listed, true);
  }

  @Override
  public Opened openWithMetadata(ObjectInfo listed, boolean tags) {
    String key = listed.key();
    Opened opened = openWithProperties(key);
    if (!tags) {
      return opened;
    }
    BlobProperties p = ((BlobInputStream) opened.data()).getProperties();
    return Opened.closingOnFailure(opened.data(), () -> withTags(key, p, opened.metadata()));
  }

  /** Opens the blob; the stream's properties come from the same first request. */
  private Opened openWithProperties(String key) {
    try {
      BlobInputStream in = blob(key).openInputStream();
      return new Opened(in, info(key, in.getProperties()).copyMetadata());
    } catch (RuntimeException e) {
      throw fail("open " + key, e);
    }
  }

  @Override
  public ObjectMetadata metadataOf(ObjectInfo listed) {
    BlobProperties p;
    try {
      p = blob(listed.key()).getProperties();
    } catch (RuntimeException e) {
      throw fail("stat " + listed.key(), e);
    }
    return withTags(listed.key(), p, info(listed.key(), p).copyMetadata());
  }

  /**
   * {@code meta} with the blob's index tags, where its properties count some ({@code
   * x-ms-tag-count}) and this profile copies them: one more request, for tagged blobs only.
   */
  private ObjectMetadata withTags(String key, BlobProperties p, ObjectMetadata meta) {
    Long count = p.getTagCount();
    if (!connection.copiesTags() || count == null || count == 0) {
      return meta;
    }
    try {
      return meta.withTags(blob(key).getTags());
    } catch (RuntimeException e) {
      throw TagsOption.refused(fail("read the tags of " + key, e), AzureWriter.TAG_PERMISSION);
    }
  }

  @Override
  public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata) {
    return writer.put(key, data, size, metadata, () -> {});
  }

  /** Blocks and blobs are read whole before they are sent: a slow send tells {@code sending}. */
  @Override
  public ObjectInfo put(
      String key, InputStream data, long size, ObjectMetadata metadata, Runnable sending) {
    return writer.put(key, data, size, metadata, sending);
  }

  @Override
  public List<DeleteFailure> delete(List<String> keys) {
    return deleteEach(keys, key -> null);
  }

  /**
   * Each blob is deleted with {@code If-Match} its listed ETag: one written since is kept (Azure
   * answers 412 ConditionNotMet).
   */
  @Override
  public List<DeleteFailure> deleteUnchanged(List<ObjectInfo> listed) {
    Map<String, String> etags = new HashMap<>();
    listed.forEach(o -> etags.put(o.key(), o.etag()));
    return deleteEach(listed.stream().map(ObjectInfo::key).toList(), etags::get);
  }

  /** Deletes {@code keys}, each on condition of the ETag {@code etagOf} gives (null: none). */
  private List<DeleteFailure> deleteEach(List<String> keys, Function<String, String> etagOf) {
    List<DeleteFailure> failures = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += PARALLEL_DELETES) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + PARALLEL_DELETES));
      List<Future<?>> sent = new ArrayList<>();
      for (String key : batch) {
        sent.add(connection.workers().submit(() -> deleteOne(key, etagOf.apply(key))));
      }
      for (int i = 0; i < batch.size(); i++) {
        try {
          sent.get(i).get();
        } catch (ExecutionException e) {
          // Only a failed If-Match says the blob changed; a lease (LeaseIdMissing) is a 412
          // too, and its blob was kept as "written since" while nothing had written it.
          if (e.getCause() instanceof BlobStorageException b
              && b.getStatusCode() == 412
              && BlobErrorCode.CONDITION_NOT_MET.equals(b.getErrorCode())) {
            failures.add(DeleteFailure.changed(batch.get(i)));
            continue;
          }
          String what = "delete " + batch.get(i);
          StorageException error = AzureErrors.classify(description, name, what, e.getCause());
          if (error instanceof LocationFaultException) {
            throw error; // every other key would be refused alike
          }
          failures.add(DeleteFailure.refused(batch.get(i), error));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw fail("delete", e);
        }
      }
    }
    return failures;
  }

  /**
   * Deletes one blob with its snapshots, only while its ETag is {@code etag} unless that is null; a
   * missing blob counts as deleted.
   */
  private Void deleteOne(String key, String etag) {
    BlobRequestConditions condition =
        etag == null ? null : new BlobRequestConditions().setIfMatch("\"" + etag + "\"");
    try {
      blob(key)
          .deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, condition, null, Context.NONE);
    } catch (BlobStorageException e) {
      // Azurite answers a condition on a blob already gone with 412, as on one changed.
      boolean gone =
          e.getStatusCode() == 404 && !"ContainerNotFound".equals(errorCode(e))
              || e.getStatusCode() == 412 && !blob(key).exists();
      if (!gone) {
        throw e;
      }
    }
    return null;
  }

  /** Blobs are written whole by Put Blob or Put Block List, each checked by its Content-MD5. */
  @Override
  public boolean checksWrites() {
    return true;
  }

  @Override
  public boolean rootExists() {
    try {
      return container.exists();
    } catch (RuntimeException e) {
      throw fail("check container", e);
    }
  }

  /** With {@code tags: copy}. */
  @Override
  public boolean keepsTags() {
    return connection.copiesTags();
  }

  @Override
  public String locationId() {
    String endpoint = connection.endpoint().toLowerCase(Locale.ROOT);
    String path = prefix.isEmpty() ? name : name + "/" + prefix.substring(0, prefix.length() - 1);
    return "azure:" + endpoint + "/" + path;
  }

  @Override
  public String describe() {
    return description;
  }

  private BlobClient blob(String key) {
    return container.getBlobClient(prefix + key);
  }

  private ObjectInfo info(String key, BlobProperties p) {
    return new ObjectInfo(
        key,
        p.getBlobSize(),
        p.getETag() == null ? null : p.getETag().replace("\"", ""),
        p.getLastModified() == null ? null : p.getLastModified().toInstant(),
        p.getContentType(),
        MetadataNames.decodeAll(p.getMetadata()),
        p.getContentMd5() == null ? null : HexFormat.of().formatHex(p.getContentMd5()),
        false,
        new ContentHeaders(
            p.getContentEncoding(),
            p.getContentDisposition(),
            p.getCacheControl(),
            p.getContentLanguage()));
  }

  private static String errorCode(BlobStorageException e) {
    return e.getErrorCode() == null ? "" : e.getErrorCode().toString();
  }

  private StorageException fail(String what, Throwable e) {
    return AzureErrors.classify(description, name, what, e);
  }
}

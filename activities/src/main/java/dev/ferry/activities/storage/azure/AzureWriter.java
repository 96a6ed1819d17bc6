package dev.ferry.activities.storage.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.HeaderMetadata;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.SlowSends;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.storage.StreamChunks;
import dev.ferry.activities.storage.TagsOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Writes blobs under one container and prefix: up to a block as one Put Blob with its {@code
 * Content-MD5}, larger or unknown-length streams as staged blocks (each with its own {@code
 * Content-MD5}, up to {@link AzureBackend#PARALLEL_BLOCKS} in flight, so memory is about that many
 * blocks plus the one being read) committed by one Put Block List. The commit sets the whole blob's
 * MD5 as its {@code Content-MD5} property, which Azure keeps but does not compute for block lists;
 * nothing is committed when the stream is short or has another MD5 than expected.
 */
final class AzureWriter {
  /** What reading or writing blob index tags needs. */
  static final String TAG_PERMISSION =
      "the Storage Blob Data Owner role, or a SAS with the t permission";

  /** What Azure allows in a tag's name or value. */
  private static final Pattern TAG_TEXT = Pattern.compile("[a-zA-Z0-9 +\\-./:=_]*");

  /** The most blocks one blob may have. */
  private static final long MAX_BLOCKS = 50_000;

  private final AzureConnection connection;
  private final BlobContainerClient container;
  private final String name;
  private final String prefix;
  private final String description;

  AzureWriter(
      AzureConnection connection,
      BlobContainerClient container,
      String name,
      String prefix,
      String description) {
    this.connection = connection;
    this.container = container;
    this.name = name;
    this.prefix = prefix;
    this.description = description;
  }

  /**
   * Writes {@code key}, as {@link dev.ferry.activities.storage.StorageBackend#put}, telling {@code
   * sending} while a request sends bytes already read.
   */
  ObjectInfo put(
      String key, InputStream data, long size, ObjectMetadata metadata, Runnable sending) {
    if (key.indexOf('\\') >= 0) {
      // The service keeps a '\' in a blob name as '/': written, the blob would be another key's,
      // and its HEAD would answer for that other name, so no check after the write would tell.
      throw new PermanentStorageException(
          "invalid key '"
              + key
              + "' for Azure Blob Storage: it holds '\\', which the service stores as '/', so"
              + " the blob would have another name; rename it at the source");
    }
    ObjectMetadata meta = toWrite(metadata);
    HeaderMetadata.requireAsciiValues("Azure Blob Storage", key, meta.userMetadata());
    requireTagCharacters(key, meta.tags());
    long blockSize = blockSizeFor(size);
    DigestingInputStream digesting = new DigestingInputStream(data, size, meta.md5());
    PushbackInputStream in = new PushbackInputStream(digesting, 1);
    BlockBlobClient blob = container.getBlobClient(prefix + key).getBlockBlobClient();
    try {
      byte[] first =
          StreamChunks.readUpTo(in, (int) (size >= 0 ? Math.min(size, blockSize) : blockSize));
      if (size >= 0 && first.length < Math.min(size, blockSize)) {
        throw shortStream(key, size, first.length);
      }
      boolean single =
          size >= 0 ? size <= blockSize : first.length < blockSize || StreamChunks.atEnd(in);
      if (single) {
        if (size >= 0 && first.length != size) {
          throw shortStream(key, size, first.length);
        }
        return putSingle(blob, key, first, digesting.hex(), meta, sending);
      }
      return putBlocks(blob, key, first, in, digesting, size, blockSize, meta, sending);
    } catch (IOException | RuntimeException e) {
      StorageException failure = AzureErrors.classify(description, name, "put " + key, e);
      throw meta.tags().isEmpty() ? failure : TagsOption.refused(failure, TAG_PERMISSION);
    }
  }

  /**
   * Refuses {@code key} when a tag has a character Azure's blob index tags do not allow, which S3's
   * object tags do (letters beyond ASCII, {@code @}): the service would answer 400 without saying
   * which tag.
   */
  private static void requireTagCharacters(String key, Map<String, String> tags) {
    tags.forEach(
        (name, value) -> {
          if (!TAG_TEXT.matcher(name).matches() || !TAG_TEXT.matcher(value).matches()) {
            throw new PermanentStorageException(
                "put "
                    + key
                    + ": tag '"
                    + name
                    + "' = '"
                    + value
                    + "': Azure allows only a-z A-Z 0-9, space and + - . / : = _ in tags;"
                    + " change it at the source, or set 'tags: ignore' in the destination's profile");
          }
        });
  }

  /** What this profile writes of {@code metadata}: its tags only where it copies them. */
  private ObjectMetadata toWrite(ObjectMetadata metadata) {
    ObjectMetadata meta = metadata == null ? ObjectMetadata.EMPTY : metadata;
    return connection.copiesTags() ? meta : meta.withTags(Map.of());
  }

  /** The tags to set, or null to send no {@code x-ms-tags} at all. */
  private static Map<String, String> tagsToWrite(ObjectMetadata meta) {
    return meta.tags().isEmpty() ? null : meta.tags();
  }

  private ObjectInfo putSingle(
      BlockBlobClient blob,
      String key,
      byte[] bytes,
      String md5,
      ObjectMetadata meta,
      Runnable sending) {
    requireExpected(key, md5, meta);
    byte[] digest = HexFormat.of().parseHex(md5);
    BlockBlobSimpleUploadOptions options =
        new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(bytes))
            .setHeaders(headers(meta, digest))
            .setMetadata(MetadataNames.encodeAll(meta.userMetadata()))
            .setTags(tagsToWrite(meta))
            .setTier(connection.accessTier())
            .setContentMd5(digest);
    Supplier<BlockBlobItem> upload =
        () -> blob.uploadWithResponse(options, null, Context.NONE).getValue();
    BlockBlobItem item =
        bytes.length <= SlowSends.SENT_IN_PLACE
            ? upload.get()
            : await(connection.workers().submit(upload::get), sending, "put " + key);
    return written(key, bytes.length, item, meta, md5);
  }

  private ObjectInfo putBlocks(
      BlockBlobClient blob,
      String key,
      byte[] first,
      InputStream in,
      DigestingInputStream digest,
      long size,
      long blockSize,
      ObjectMetadata meta,
      Runnable sending)
      throws IOException {
    List<String> ids = new ArrayList<>();
    Deque<Future<?>> inFlight = new ArrayDeque<>();
    try {
      byte[] block = first;
      long read = first.length;
      while (block.length > 0) {
        if (inFlight.size() == AzureBackend.PARALLEL_BLOCKS) {
          await(inFlight.removeFirst(), sending, "stage block");
        }
        String id = blockId(ids.size());
        ids.add(id);
        byte[] bytes = block;
        inFlight.addLast(connection.workers().submit(() -> stage(blob, id, bytes)));
        long want = size >= 0 ? Math.min(blockSize, size - read) : blockSize;
        block = want == 0 ? new byte[0] : StreamChunks.readUpTo(in, (int) want);
        read += block.length;
        if (size >= 0 && want > 0 && block.length < want) {
          throw shortStream(key, size, read);
        }
      }
      while (!inFlight.isEmpty()) {
        await(inFlight.removeFirst(), sending, "stage block");
      }
    } finally {
      inFlight.forEach(f -> f.cancel(true));
    }
    String md5 = digest.hex();
    requireExpected(key, md5, meta);
    byte[] whole = HexFormat.of().parseHex(md5);
    BlockBlobCommitBlockListOptions commit =
        new BlockBlobCommitBlockListOptions(ids)
            .setHeaders(headers(meta, whole))
            .setMetadata(MetadataNames.encodeAll(meta.userMetadata()))
            .setTags(tagsToWrite(meta))
            .setTier(connection.accessTier());
    BlockBlobItem item = blob.commitBlockListWithResponse(commit, null, Context.NONE).getValue();
    return written(key, digest.count(), item, meta, md5);
  }

  /** Stages one block with its MD5, which the service checks. */
  private static Void stage(BlockBlobClient blob, String id, byte[] bytes) {
    byte[] md5 = DigestingInputStream.newMd5().digest(bytes);
    blob.stageBlockWithResponse(
        new BlockBlobStageBlockOptions(id, BinaryData.fromBytes(bytes)).setContentMd5(md5),
        null,
        Context.NONE);
    return null;
  }

  /** The result of {@code request}, telling {@code sending} while it waits ({@link SlowSends}). */
  private <T> T await(Future<T> request, Runnable sending, String what) {
    try {
      return SlowSends.await(request, sending);
    } catch (CompletionException e) {
      if (e.getCause() instanceof InterruptedException) {
        throw new RetryableStorageException(description + ": interrupted: " + what, e.getCause());
      }
      throw AzureErrors.classify(description, name, what, e.getCause());
    }
  }

  /** Block ids of one length, as Azure requires within a blob. */
  private static String blockId(int index) {
    String id = String.format("ferry-block-%06d", index);
    return Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.US_ASCII));
  }

  private long blockSizeFor(long size) {
    long blockSize = connection.blockSize();
    if (size > 0) {
      // Azure allows 50,000 blocks: grow the block for huge known sizes (rounded up to 1 MiB).
      long needed = (size + MAX_BLOCKS - 1) / MAX_BLOCKS;
      needed = ((needed + (1 << 20) - 1) >> 20) << 20;
      blockSize = Math.max(blockSize, needed);
    }
    return blockSize;
  }

  private static BlobHttpHeaders headers(ObjectMetadata meta, byte[] md5) {
    return new BlobHttpHeaders()
        .setContentType(meta.contentType())
        .setContentEncoding(meta.headers().encoding())
        .setContentDisposition(meta.headers().disposition())
        .setCacheControl(meta.headers().cacheControl())
        .setContentLanguage(meta.headers().language())
        .setContentMd5(md5);
  }

  private ChecksumMismatchException shortStream(String key, long size, long actual) {
    return new ChecksumMismatchException(
        description
            + ": put "
            + key
            + ": expected "
            + size
            + " bytes but the stream had "
            + actual);
  }

  private void requireExpected(String key, String md5, ObjectMetadata meta) {
    if (meta.md5() != null && !meta.md5().equals(md5)) {
      throw new ChecksumMismatchException(
          description + ": put " + key + ": MD5 " + md5 + " of the bytes, expected " + meta.md5());
    }
  }

  private static ObjectInfo written(
      String key, long size, BlockBlobItem item, ObjectMetadata meta, String md5) {
    return new ObjectInfo(
        key,
        size,
        item.getETag() == null ? null : item.getETag().replace("\"", ""),
        item.getLastModified() == null ? Instant.now() : item.getLastModified().toInstant(),
        meta.contentType(),
        meta.userMetadata(),
        md5);
  }
}

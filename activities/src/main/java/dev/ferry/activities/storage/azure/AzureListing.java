package dev.ferry.activities.storage.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * Lists the blobs under one container and prefix in key order, page by page with the service's
 * continuation marker.
 *
 * <p>Azure lists blob names in UTF-8 byte order, as S3 lists keys and {@link KeyOrder} orders them.
 * A listing from {@code startAfter} asks the service to start there ({@code startFrom}, which is
 * inclusive) and also skips keys up to {@code startAfter} itself, so a service that ignores {@code
 * startFrom} costs pages but not correctness. With both bounds, only the bounds' common prefix is
 * listed. Each blob comes with its properties and metadata, so the listing carries content type,
 * user metadata and the stored MD5.
 */
final class AzureListing {
  /** The largest page Azure returns. */
  private static final int MAX_PAGE = 5000;

  private final BlobContainerClient container;
  private final String prefix;

  AzureListing(BlobContainerClient container, String prefix) {
    this.container = container;
    this.prefix = prefix;
  }

  /** As {@link dev.ferry.activities.storage.StorageBackend#list}. */
  ListPage list(String startAfter, String lastKey, int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
    }
    String within =
        startAfter != null && lastKey != null ? KeyOrder.commonPrefix(startAfter, lastKey) : "";
    ListBlobsOptions options =
        new ListBlobsOptions()
            .setPrefix(prefix + within)
            .setMaxResultsPerPage(Math.min(MAX_PAGE, maxKeys + 1))
            .setDetails(new BlobListDetails().setRetrieveMetadata(true));
    if (startAfter != null) {
      options.setStartFrom(prefix + startAfter);
    }
    List<ObjectInfo> objects = new ArrayList<>();
    Iterator<PagedResponse<BlobItem>> pages =
        container.listBlobs(options, null).iterableByPage().iterator();
    while (pages.hasNext()) {
      for (BlobItem item : pages.next().getValue()) {
        if (!item.getName().startsWith(prefix)) {
          continue;
        }
        String key = item.getName().substring(prefix.length());
        if (startAfter != null && KeyOrder.compare(key, startAfter) <= 0) {
          continue;
        }
        if (lastKey != null && KeyOrder.compare(key, lastKey) > 0) {
          return new ListPage(objects, false);
        }
        if (objects.size() == maxKeys) {
          return new ListPage(objects, true);
        }
        objects.add(info(key, item));
      }
    }
    return new ListPage(objects, false);
  }

  private static ObjectInfo info(String key, BlobItem item) {
    BlobItemProperties p = item.getProperties();
    Instant modified = p.getLastModified() == null ? null : p.getLastModified().toInstant();
    String etag = p.getETag() == null ? null : p.getETag().replace("\"", "");
    return new ObjectInfo(
        key,
        p.getContentLength() == null ? 0 : p.getContentLength(),
        etag,
        modified,
        p.getContentType(),
        MetadataNames.decodeAll(item.getMetadata()),
        p.getContentMd5() == null ? null : HexFormat.of().formatHex(p.getContentMd5()));
  }
}

package dev.ferry.activities.storage.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.ferry.activities.storage.ContentHeaders;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lists the blobs under one container and prefix in key order, page by page with the service's
 * continuation marker.
 *
 * <p>Azure lists blob names in UTF-8 byte order, as S3 lists keys and {@link KeyOrder} orders them
 * (Azurite does not; see docs/s3-deviations.md). A listing from {@code startAfter} asks the service
 * to start there ({@code startFrom}, which is inclusive) and also skips keys up to {@code
 * startAfter} itself, so a service that ignores {@code startFrom} costs pages but not correctness.
 * With both bounds, only the bounds' common prefix is listed. The next page of a listing (its
 * {@code startAfter} the last key of a page this listing returned) resumes from the service's
 * marker and skips by name, so a service that orders names otherwise (Azurite compares UTF-16
 * units) still yields every blob once, in its own order. Each blob comes with its properties and
 * metadata, so the listing carries content type, user metadata and the stored MD5.
 */
final class AzureListing {
  /** The largest page Azure returns. */
  private static final int MAX_PAGE = 5000;

  /** Pages remembered for their next page, as many as listings run at once on one backend. */
  private static final int RESUMES = 256;

  /**
   * Where a listing stopped: its options, and the service's marker of the page it stopped in (null:
   * the first page).
   */
  private record Resume(
      String listPrefix, String startFrom, String lastKey, String token, String afterInPage) {}

  private final BlobContainerClient container;
  private final String prefix;

  private final Map<String, Resume> resumes =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Resume> eldest) {
              return size() > RESUMES;
            }
          });

  AzureListing(BlobContainerClient container, String prefix) {
    this.container = container;
    this.prefix = prefix;
  }

  /** As {@link dev.ferry.activities.storage.StorageBackend#list}. */
  ListPage list(String startAfter, String lastKey, int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
    }
    Resume resume = startAfter == null ? null : resumes.remove(startAfter);
    if (resume != null && Objects.equals(resume.lastKey(), lastKey)) {
      ListPage page = listFrom(resume, lastKey, maxKeys);
      if (page != null) {
        return page;
      }
    }
    String within =
        startAfter != null && lastKey != null ? KeyOrder.commonPrefix(startAfter, lastKey) : "";
    Resume fresh =
        new Resume(
            prefix + within, startAfter == null ? null : prefix + startAfter, lastKey, null, null);
    return listFrom(fresh, lastKey, maxKeys);
  }

  /**
   * Lists with {@code from}'s options from its page on. When it resumes a listing, skips that
   * page's blobs up to and including the one it names (by name, not by order, so paging loses
   * nothing whatever order the service keeps), or returns null when the name is not in the page; a
   * fresh listing skips the blobs up to its start by key order.
   */
  private ListPage listFrom(Resume from, String lastKey, int maxKeys) {
    boolean resumed = from.token() != null || from.afterInPage() != null;
    ListBlobsOptions options =
        new ListBlobsOptions()
            .setPrefix(from.listPrefix())
            .setMaxResultsPerPage(Math.min(MAX_PAGE, maxKeys + 1))
            .setDetails(new BlobListDetails().setRetrieveMetadata(true));
    if (from.startFrom() != null) {
      options.setStartFrom(from.startFrom());
    }
    String skipTo = from.startFrom() == null ? null : from.startFrom().substring(prefix.length());
    boolean skipping = from.afterInPage() != null;
    List<ObjectInfo> objects = new ArrayList<>();
    String token = from.token();
    Iterator<PagedResponse<BlobItem>> pages =
        container.listBlobs(options, null).iterableByPage(token).iterator();
    while (pages.hasNext()) {
      PagedResponse<BlobItem> page = pages.next();
      String previous = null;
      for (BlobItem item : page.getValue()) {
        String name = item.getName();
        String before = previous;
        previous = name;
        if (skipping) {
          skipping = !name.equals(from.afterInPage());
          continue;
        }
        if (!name.startsWith(prefix)) {
          continue;
        }
        String key = name.substring(prefix.length());
        if (!resumed && skipTo != null && KeyOrder.compare(key, skipTo) <= 0) {
          continue;
        }
        if (lastKey != null && KeyOrder.compare(key, lastKey) > 0) {
          return new ListPage(objects, false);
        }
        if (objects.size() == maxKeys) {
          Resume next = new Resume(from.listPrefix(), from.startFrom(), lastKey, token, before);
          resumes.put(objects.get(objects.size() - 1).key(), next);
          return new ListPage(objects, true);
        }
        objects.add(info(key, item));
      }
      if (skipping) {
        return null;
      }
      token = page.getContinuationToken();
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
        p.getContentMd5() == null ? null : HexFormat.of().formatHex(p.getContentMd5()),
        false,
        new ContentHeaders(
            p.getContentEncoding(),
            p.getContentDisposition(),
            p.getCacheControl(),
            p.getContentLanguage()));
  }
}

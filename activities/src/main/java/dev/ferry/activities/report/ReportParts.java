package dev.ferry.activities.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.KeyRange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a migration's report lives and how its parts are named.
 *
 * <p>A report location {@code LOC} holds one directory per migration, {@code LOC/ID}; in it, one
 * part object per (range, step): {@code <hash of the range>.<step>.jsonl}. The name depends only on
 * the range and the step, so a retried activity replaces its part instead of adding one. A part's
 * first line is a {@link PartHeader} naming its range (the reader orders parts by it); every
 * further line is a {@link ReportLine}, in key order.
 */
public final class ReportParts {
  /** Jackson, configured once for report lines: absent fields left out, unknown ones ignored. */
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Suffix of every part object. */
  static final String SUFFIX = ".jsonl";

  /**
   * The steps that write parts, in the order a key's lines are read: copy, verify, then a move's
   * delete of its source or a sync's delete of a destination object the source no longer has.
   */
  static final List<String> STEPS =
      List.of(ReportLine.COPY, ReportLine.VERIFY, ReportLine.DELETE, ReportLine.PRUNE);

  /** The name of every part: the range's id, then the step. Nothing else is a part. */
  private static final Pattern PART_NAME =
      Pattern.compile("[0-9a-f]{32}\\.(" + String.join("|", STEPS) + ")" + Pattern.quote(SUFFIX));

  /** Format version written in each part's header. */
  static final int VERSION = 1;

  private ReportParts() {}

  /**
   * The first line of a part: which range and step its lines belong to.
   *
   * @param ferryReportPart format version, {@value #VERSION}
   * @param migration the workflow id
   * @param step {@code copy}, {@code verify} or {@code delete}
   * @param startAfter the range's exclusive lower bound, null for the first range
   * @param lastKey the range's inclusive upper bound
   */
  public record PartHeader(
      int ferryReportPart, String migration, String step, String startAfter, String lastKey) {}

  /** The location of migration {@code migrationId}'s report under report location {@code loc}. */
  public static String location(String loc, String migrationId) {
    String base = loc;
    while (base.length() > 1 && base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + (base.endsWith("/") || base.endsWith(":") ? "" : "/") + migrationId;
  }

  /** The key of the part of {@code step} over {@code range}, relative to the report location. */
  public static String partKey(KeyRange range, String step) {
    return rangeId(range.startAfter(), range.lastKey()) + "." + step + SUFFIX;
  }

  /** Whether {@code key}, relative to a migration's report location, names a part of it. */
  static boolean isPart(String key) {
    return PART_NAME.matcher(key).matches();
  }

  /** A short stable id of a range: hex of the first 16 bytes of SHA-256 over its bounds. */
  static String rangeId(String startAfter, String lastKey) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((startAfter == null ? "\u0000" : "\u0001" + startAfter).getBytes(UTF8));
      sha.update((byte) 0);
      sha.update(lastKey.getBytes(UTF8));
      byte[] digest = sha.digest();
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Deletes every part stored in {@code store} (a migration's report location): a new execution of
   * a workflow id replaces the report an earlier one left, whose ranges may differ. Other files
   * there are the user's, and stay.
   *
   * @return how many parts were deleted
   */
  public static int clear(StorageBackend store) {
    int deleted = 0;
    String after = null;
    ListPage page;
    do {
      page = store.list(after, null, 1000);
      List<String> parts = new ArrayList<>();
      for (ObjectInfo o : page.objects()) {
        if (isPart(o.key())) {
          parts.add(o.key());
        }
      }
      if (!parts.isEmpty()) {
        List<DeleteFailure> refused = store.delete(parts);
        if (!refused.isEmpty()) {
          throw new PermanentStorageException(
              "cannot delete the earlier report part "
                  + refused.get(0).key()
                  + ": "
                  + refused.get(0).message());
        }
        deleted += parts.size();
      }
      after = page.lastKey();
    } while (page.truncated() && after != null);
    return deleted;
  }

  /** Order of steps within one key, as {@link #STEPS} lists them; other steps last. */
  static int stepOrder(String step) {
    int order = STEPS.indexOf(step);
    return order < 0 ? STEPS.size() : order;
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}

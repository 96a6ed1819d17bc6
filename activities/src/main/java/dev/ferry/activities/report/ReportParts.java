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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a migration's report lives and how its parts are named.
 *
 * <p>A report location {@code LOC} holds one directory per migration, {@code LOC/ID}; in it, one
 * part object per (range, step): {@code <hash of the range>.<step>.jsonl}. The name depends only on
 * the range and the step, so a retried activity replaces its part instead of adding one. A part's
 * first line is a {@link PartHeader} naming its range (the reader orders parts by it); every
 * further line is a {@link ReportLine}, in key order.
 *
 * <p>Each pass of a {@code --live} migration keeps its parts in a folder of its own, {@code
 * LOC/ID/pass-N}: a pass lists and checks every object again, so the last pass alone is the proof
 * that the destination matched the source, and a later pass never replaces an earlier one's lines.
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

  /** A pass's folder in a live migration's report, and the part names in it. */
  private static final String PASS_PREFIX = "pass-";

  private static final Pattern PASS_PART =
      Pattern.compile(Pattern.quote(PASS_PREFIX) + "([1-9][0-9]{0,8})/" + PART_NAME.pattern());

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
   * @param source the migration's source location, as given ({@code NAME:bucket/prefix}); keys are
   *     relative to it (null in parts written before it was recorded)
   * @param destination the destination location, as given
   * @param mode {@code copy}, {@code move} or {@code sync}
   * @param pass the pass of a live migration, or null
   */
  public record PartHeader(
      int ferryReportPart,
      String migration,
      String step,
      String startAfter,
      String lastKey,
      String source,
      String destination,
      String mode,
      Integer pass) {}

  /** The location of migration {@code migrationId}'s report under report location {@code loc}. */
  public static String location(String loc, String migrationId) {
    String base = loc;
    while (base.length() > 1 && base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + (base.endsWith("/") || base.endsWith(":") ? "" : "/") + migrationId;
  }

  /**
   * The location of pass {@code pass} of live migration {@code migrationId}'s report; for 0, that
   * of a migration of one pass.
   */
  public static String location(String loc, String migrationId, int pass) {
    String migration = location(loc, migrationId);
    return pass > 0 ? migration + "/" + PASS_PREFIX + pass : migration;
  }

  /**
   * The last pass whose parts {@code store} (a migration's report location) holds, or 0 when it
   * holds none in a pass's folder (a migration of one pass).
   */
  public static int lastPass(StorageBackend store) {
    int[] last = {0};
    forEachPassPage(store, page -> page.forEach((key, pass) -> last[0] = Math.max(last[0], pass)));
    return last[0];
  }

  /**
   * Deletes the folders of the passes before {@code current} but the first and the one just before
   * it from {@code store} (a live migration's report location): a catch-up pass lists every object
   * again, so each pass's folder is as large as the first, and a live migration runs thousands of
   * passes. The first pass's (what was copied) and the last two stay.
   *
   * @return how many parts were deleted
   */
  public static int sweepPasses(StorageBackend store, int current) {
    int[] deleted = {0};
    forEachPassPage(
        store,
        page -> {
          List<String> stale = new ArrayList<>();
          page.forEach(
              (key, pass) -> {
                if (pass > 1 && pass < current - 1) {
                  stale.add(key);
                }
              });
          if (!stale.isEmpty()) {
            store.delete(stale); // a part left behind is swept by the next pass
            deleted[0] += stale.size();
          }
        });
    return deleted[0];
  }

  /** Hands each listed page's parts in pass folders to {@code page}, by key with their pass. */
  private static void forEachPassPage(
      StorageBackend store, Consumer<Map<String, Integer>> pageOfParts) {
    String after = PASS_PREFIX;
    ListPage page;
    do {
      // Every key from "pass-" on to before "pass." starts with "pass-" ('-' sorts before '.').
      page = store.list(after, "pass.", 1000);
      Map<String, Integer> parts = new LinkedHashMap<>();
      for (ObjectInfo o : page.objects()) {
        Matcher m = PASS_PART.matcher(o.key());
        if (m.matches()) {
          parts.put(o.key(), Integer.parseInt(m.group(1)));
        }
      }
      pageOfParts.accept(parts);
      after = page.lastKey();
    } while (page.truncated() && after != null);
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
        if (isPart(o.key()) || PASS_PART.matcher(o.key()).matches()) {
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

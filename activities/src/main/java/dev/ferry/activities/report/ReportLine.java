package dev.ferry.activities.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of a migration report: what one step decided for one object, or, when {@code key} is
 * null, for a whole range whose keys the step could not name. Absent fields are left out of the
 * JSON.
 *
 * <p>Actions: {@code copied}, {@code skipped}, {@code failed} (copy); {@code verified}, {@code
 * failed} (verify); {@code deleted}, {@code failed} (delete); {@code deleted}, {@code kept}, {@code
 * failed} (a sync's prune: {@code kept} is a destination object the source lacks that was written
 * there since the sync listed it, reason {@code DESTINATION_CHANGED}). A dry run writes {@code
 * would-copy}, {@code skipped} and, for a MOVE, {@code would-delete}, each with {@code dryRun:
 * true}.
 *
 * @param key the object key; null on a range line
 * @param step {@code copy}, {@code verify} or {@code delete}
 * @param action what the step did with the object
 * @param size the source object's size in bytes
 * @param sourceEtag the source's ETag as listed
 * @param sourceMtime the source's modification time, ISO-8601
 * @param md5 hex MD5 of the bytes copy sent, when it streamed them
 * @param destinationEtag the ETag of the written or checked destination object
 * @param verifyMethod {@code size} or {@code checksum} (verify); {@code on-arrival} where the
 *     destination checked the bytes as they arrived (copy)
 * @param attempt the activity attempt that decided it, from 1
 * @param worker the worker identity that ran the attempt
 * @param time when it was decided, ISO-8601 UTC
 * @param reason a failure's reason code ({@code NOT_FOUND}, {@code VERIFY_FAILED}, ...)
 * @param error a failure's message
 * @param dryRun true on the lines of a dry run
 * @param range a range line's range, {@code (startAfter, lastKey]}
 * @param startAfter a range line's exclusive lower bound
 * @param lastKey a range line's inclusive upper bound
 * @param objects a range line's object count that it fails
 * @param rejectsCopied of {@code objects}, how many copy counted copied (verify or delete lines)
 * @param rejectsSkipped of {@code objects}, how many copy counted skipped (verify or delete lines)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportLine(
    String key,
    String step,
    String action,
    Long size,
    String sourceEtag,
    String sourceMtime,
    String md5,
    String destinationEtag,
    String verifyMethod,
    Integer attempt,
    String worker,
    String time,
    String reason,
    String error,
    Boolean dryRun,
    String range,
    String startAfter,
    String lastKey,
    Long objects,
    Long rejectsCopied,
    Long rejectsSkipped) {

  public static final String COPY = "copy";
  public static final String VERIFY = "verify";
  public static final String DELETE = "delete";

  /** The step of a sync's deletes of what the source no longer has. */
  public static final String PRUNE = "prune";

  public static final String COPIED = "copied";
  public static final String SKIPPED = "skipped";
  public static final String FAILED = "failed";
  public static final String VERIFIED = "verified";
  public static final String DELETED = "deleted";
  public static final String WOULD_COPY = "would-copy";
  public static final String WOULD_DELETE = "would-delete";
  public static final String KEPT = "kept";

  /** The verify method of a copy the destination checked as it arrived: no verify line follows. */
  public static final String ON_ARRIVAL = "on-arrival";

  /** A line about one object; the range fields are left out. */
  public static ReportLine object(
      String key,
      String step,
      String action,
      Long size,
      String sourceEtag,
      String sourceMtime,
      String md5,
      String destinationEtag,
      String verifyMethod,
      Integer attempt,
      String worker,
      String time,
      String reason,
      String error,
      Boolean dryRun) {
    return new ReportLine(
        key,
        step,
        action,
        size,
        sourceEtag,
        sourceMtime,
        md5,
        destinationEtag,
        verifyMethod,
        attempt,
        worker,
        time,
        reason,
        error,
        dryRun,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** This range line's failure, told of {@code key}, one of the objects it fails. */
  public ReportLine failureOf(String key) {
    return object(
        key, step, FAILED, null, null, null, null, null, null, attempt, worker, time, reason, error,
        dryRun);
  }

  /** Whether this line names a whole range instead of one key. */
  @JsonIgnore
  public boolean namesRange() {
    return key == null;
  }

  /** Whether this line records a failure. */
  @JsonIgnore
  public boolean failed() {
    return FAILED.equals(action);
  }

  /** The CSV columns, in the order {@link #csv} writes them. */
  public static final String CSV_HEADER =
      "key,step,action,size,sourceEtag,sourceMtime,md5,destinationEtag,verifyMethod,attempt,"
          + "worker,time,reason,error,dryRun,range,objects";

  /** This line as one CSV record (RFC 4180 quoting), without the line break. */
  @JsonIgnore
  public String csv() {
    return String.join(
        ",",
        Csv.field(key),
        Csv.field(step),
        Csv.field(action),
        Csv.field(size),
        Csv.field(sourceEtag),
        Csv.field(sourceMtime),
        Csv.field(md5),
        Csv.field(destinationEtag),
        Csv.field(verifyMethod),
        Csv.field(attempt),
        Csv.field(worker),
        Csv.field(time),
        Csv.field(reason),
        Csv.field(error),
        Csv.field(dryRun),
        Csv.field(range),
        Csv.field(objects));
  }
}

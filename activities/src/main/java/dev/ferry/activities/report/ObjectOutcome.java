package dev.ferry.activities.report;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * How one object ended in a migration, folded from its report lines: the way the progress counters
 * count it.
 *
 * @param key the object key; null for a range whose keys the report cannot name
 * @param outcome {@code copied}, {@code skipped} or {@code failed} ({@code would-copy} in a dry
 *     run)
 * @param deleted whether a MOVE deleted its source (in a dry run: would delete it)
 * @param verified whether verify passed it, or the destination checked it on arrival
 * @param count objects this outcome stands for: 1, or a range line's object count
 * @param bytesCopied bytes copy moved for it (counted even when a later step rejected the copy)
 * @param line the deciding line: the failure for a failed object, else the copy step's line
 */
public record ObjectOutcome(
    String key,
    String outcome,
    boolean deleted,
    boolean verified,
    long count,
    long bytesCopied,
    ReportLine line) {
  /** Whether the object ended as failed. */
  @JsonIgnore
  public boolean failed() {
    return ReportLine.FAILED.equals(outcome);
  }
}

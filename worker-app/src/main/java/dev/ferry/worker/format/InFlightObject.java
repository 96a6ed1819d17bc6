package dev.ferry.worker.format;

import dev.ferry.activities.migration.RangeHeartbeat;
import dev.ferry.activities.migration.UploadHeartbeat;

/**
 * What one range activity still in flight has done, from its latest heartbeat (read through
 * describe).
 *
 * @param activityType e.g. {@code CopyRange}
 * @param attempt the activity's current attempt, from 1
 * @param key the object being read (to be written, or compared), else the last key the range
 *     finished, or null
 * @param bytes bytes of {@code key} read so far while it is being read; else the range's {@code
 *     written}
 * @param size the size of the object being read, or -1 when unknown
 * @param written bytes the range has written that the workflow does not count yet
 */
public record InFlightObject(
    String activityType, int attempt, String key, long bytes, long size, long written) {

  /** The activity's heartbeat, as {@code status} and the progress bar show it. */
  public static InFlightObject of(String activityType, int attempt, RangeHeartbeat beat) {
    String current = beat.currentKey();
    long written = Math.max(0, beat.bytesWritten());
    if (current == null) {
      return new InFlightObject(activityType, attempt, beat.lastKey(), written, -1, written);
    }
    UploadHeartbeat upload = beat.upload();
    long size = upload != null && current.equals(upload.key()) ? upload.sourceSize() : -1;
    return new InFlightObject(
        activityType, attempt, current, Math.max(0, beat.currentBytes()), size, written);
  }

  /**
   * One line for {@code status}, e.g. {@code big.bin: 1.2 GiB of 50.0 GiB (CopyRange, attempt 1)}.
   */
  public String describe() {
    return (key == null ? "(range)" : key)
        + ": "
        + Units.bytes(bytes)
        + (size >= 0 ? " of " + Units.bytes(size) : "")
        + " ("
        + activityType
        + ", attempt "
        + attempt
        + ")";
  }
}

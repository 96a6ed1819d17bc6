package dev.ferry.worker.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.activities.migration.RangeHeartbeat;
import dev.ferry.activities.migration.UploadHeartbeat;
import dev.ferry.workflows.RangeResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class InFlightObjectTest {
  private static final RangeResult THREE_COPIED =
      new RangeResult(3, 0, 0, 300, 0, 0, 0, List.of(), null);

  @Test
  void aLargeObjectInUploadCountsItsBytesOnce() {
    // 20 MiB read and sent, of which two 8 MiB parts are stored: the upload repeats them.
    UploadHeartbeat upload =
        new UploadHeartbeat("big.bin", "u1", 8 << 20, 2, 16 << 20, 0, 1L << 30, "e", null);
    RangeHeartbeat beat =
        new RangeHeartbeat("a", THREE_COPIED, "big.bin", 20 << 20, upload, 300 + (20 << 20));
    InFlightObject o = InFlightObject.of("CopyRange", 2, beat);
    assertEquals(300 + (20 << 20), o.written());
    assertEquals("big.bin: 20.0 MiB of 1.0 GiB (CopyRange, attempt 2)", o.describe());
  }

  @Test
  void bytesReadToCompareAreNotWritten() {
    RangeHeartbeat beat = new RangeHeartbeat("a", THREE_COPIED, "b", 5 << 20, null, 0);
    InFlightObject o = InFlightObject.of("VerifyRange", 1, beat);
    assertEquals(0, o.written());
    assertEquals("b: 5.0 MiB (VerifyRange, attempt 1)", o.describe());
  }

  @Test
  void betweenObjectsTheRangeShowsItsLastKeyAndWhatItWrote() {
    // The resume point lags (the report is stored every few seconds); the written bytes do not.
    RangeHeartbeat beat =
        new RangeHeartbeat(
            null, new RangeResult(0, 0, 0, 0, 0, 0, 0, List.of(), null), null, 0, null, 4_500);
    InFlightObject o = InFlightObject.of("CopyRange", 1, beat);
    assertEquals(4_500, o.written());
    assertEquals("(range): 4.4 KiB (CopyRange, attempt 1)", o.describe());
  }
}

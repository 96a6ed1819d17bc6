package dev.ferry.worker.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.worker.client.Durations;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void bytesUseIecUnitsWithOneDecimal() {
    assertEquals("0 B", Units.bytes(0));
    assertEquals("1023 B", Units.bytes(1023));
    assertEquals("1.0 KiB", Units.bytes(1024));
    assertEquals("31.2 MiB", Units.bytes(32_715_571));
    assertEquals("50.0 GiB", Units.bytes(50L << 30));
    assertEquals("8.0 EiB", Units.bytes(Long.MAX_VALUE));
    assertEquals("0 B", Units.bytes(-5));
  }

  @Test
  void ratesAreBytesPerSecond() {
    assertEquals("4.2 MiB/s", Units.rate(4.2 * 1024 * 1024));
    assertEquals("0 B/s", Units.rate(0));
    assertEquals("0 B/s", Units.rate(Double.NaN));
    assertEquals("0 B/s", Units.rate(Double.POSITIVE_INFINITY));
  }

  @Test
  void elapsedIsSecondsWithOneDecimalUnderAMinute() {
    assertEquals("4.1 s", Units.elapsed(4_100));
    assertEquals("0.0 s", Units.elapsed(-3));
    assertEquals("2m05s", Units.elapsed(125_000));
  }

  @Test
  void durationsAreCompactAndUnknownIsAQuestionMark() {
    assertEquals("?", Units.duration(null));
    assertEquals("?", Units.duration(-1L));
    assertEquals("5s", Units.duration(5L));
    assertEquals("3m20s", Units.duration(200L));
    assertEquals("2h05m", Units.duration(7_500L));
    assertEquals("3d04h", Units.duration(3 * 86_400L + 4 * 3600L + 59));
  }

  @Test
  void exactDurationsKeepEveryUnitAndReadBackAsTheyWereWritten() {
    assertEquals("0s", Units.exactDuration(Duration.ZERO));
    assertEquals("5s", Units.exactDuration(Duration.ofSeconds(5)));
    assertEquals("1h30m", Units.exactDuration(Duration.ofMinutes(90)));
    assertEquals("1d1s", Units.exactDuration(Duration.ofSeconds(86_401)));
    for (String text : new String[] {"7d", "1h30m", "2d3h4m5s", "45s"}) {
      assertEquals(text, Units.exactDuration(Durations.parse("--every", text)));
    }
  }

  @Test
  void percentIsClamped() {
    assertEquals("42.0%", Units.percent(42));
    assertEquals("100.0%", Units.percent(140));
    assertEquals("0.0%", Units.percent(Double.NaN));
  }
}

package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.workflows.CopyRangeActivity;
import dev.ferry.workflows.RangeInput;
import dev.ferry.workflows.RangeResult;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a range's heartbeats tell a watching client, and what a retry reads back from them. */
class RangeHeartbeatsTest {
  private static final int OBJECTS = 16;
  private static final int SIZE = 1000;

  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void bytesWrittenAreLiveWhileTheResumePointWaitsForTheReportsStore() {
    MemoryBackend source = new MemoryBackend("src");
    for (int i = 0; i < OBJECTS; i++) {
      source.putBytes("k" + i, new byte[SIZE]);
    }
    // About 3 s in all, so heartbeats come (one a second) before the report's first store (5 s).
    source.intercept(
        (op, key) -> {
          if (op.equals("open")) {
            sleep(200);
          }
        });
    MemoryBackend destination = new MemoryBackend("dst");
    MemoryBackend reports = new MemoryBackend("reports");
    List<RangeHeartbeat> beats = new CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(RangeHeartbeat.class, beats::add);
    RangeInput input = withReport(source, destination, reports);

    RangeResult r = env.newActivityStub(CopyRangeActivity.class).copyRange(input);

    assertEquals(OBJECTS, r.copied());
    assertTrue(!beats.isEmpty(), "heartbeats: " + beats.size());
    for (RangeHeartbeat beat : beats) {
      assertEquals(null, beat.lastKey(), "no resume point before the report is stored");
      assertEquals(0, beat.partial().bytesCopied());
      assertTrue(beat.bytesWritten() <= (long) OBJECTS * SIZE, "written " + beat.bytesWritten());
    }
    RangeHeartbeat last = beats.get(beats.size() - 1);
    assertTrue(
        last.bytesWritten() >= SIZE * 3L,
        "the objects copied before the last heartbeat count: " + last.bytesWritten());
  }

  @Test
  void aCancelledAttemptStoresItsReportFirst() {
    MemoryBackend source = new MemoryBackend("src");
    for (int i = 0; i < OBJECTS; i++) {
      source.putBytes("k" + i, new byte[SIZE]);
    }
    MemoryBackend destination = new MemoryBackend("dst");
    MemoryBackend reports = new MemoryBackend("reports");
    // Cancelled well before the report's first store (5 s): only the cancel can store it.
    AtomicBoolean cancelled = new AtomicBoolean();
    source.intercept(
        (op, key) -> {
          if (op.equals("open")) {
            // Slower once cancelled, so the cancel lands (on a heartbeat) well before the end.
            sleep(cancelled.get() ? 500 : 200);
            if (key.equals("k2")) {
              env.requestCancelActivity();
              cancelled.set(true);
            }
          }
        });
    RangeInput input = withReport(source, destination, reports);

    assertThrows(
        CanceledFailure.class, () -> env.newActivityStub(CopyRangeActivity.class).copyRange(input));

    long copied = destination.keys().size();
    assertTrue(copied >= 3 && copied < OBJECTS, "copied before the cancel: " + copied);
    long reported =
        reports.keys().stream()
            .map(k -> new String(reports.bytes(k), StandardCharsets.UTF_8))
            .flatMap(String::lines)
            .filter(l -> l.contains("\"action\":\"copied\""))
            .count();
    assertEquals(copied, reported, "the report names every object the attempt wrote");
  }

  /** Registers copy over the three backends; the input of a range of them, with a report. */
  private RangeInput withReport(
      MemoryBackend source, MemoryBackend destination, MemoryBackend reports) {
    env.registerActivitiesImplementations(
        new CopyRangeActivityImpl(
            location ->
                switch (location) {
                  case "src" -> source;
                  case "dst" -> destination;
                  default -> reports;
                }));
    RangeInput plain = CopyRangeActivityTest.input(OBJECTS);
    return new RangeInput(
        plain.request().withReport("reports:"), plain.range(), plain.fingerprints());
  }

  @Test
  void aHeartbeatWithFieldsAWorkerDoesNotKnowStillResumes() {
    String json =
        "{\"lastKey\":\"k4\",\"partial\":{\"copied\":5,\"bytesCopied\":5},"
            + "\"currentKey\":null,\"currentBytes\":0,\"bytesWritten\":5,\"fromANewerWorker\":1}";
    RangeHeartbeat beat =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            io.temporal.api.common.v1.Payload.newBuilder()
                .putMetadata("encoding", com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
                .setData(com.google.protobuf.ByteString.copyFrom(json, StandardCharsets.UTF_8))
                .build(),
            RangeHeartbeat.class,
            RangeHeartbeat.class);
    assertEquals("k4", beat.lastKey());
    assertEquals(5, beat.partial().copied());
  }

  @Test
  void aHeartbeatOfAnOlderWorkerHasNoBytesWritten() {
    RangeHeartbeat beat =
        RangeHeartbeat.fromResumePoint(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("lastKey", "k4")
                .put("currentBytes", 7));
    assertEquals("k4", beat.lastKey());
    assertEquals(0, beat.bytesWritten());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

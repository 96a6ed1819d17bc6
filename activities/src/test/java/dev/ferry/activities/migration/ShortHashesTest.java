package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The hashes recorded in histories never change, however they are computed or remembered. */
class ShortHashesTest {
  private static long sha256Prefix(String s) throws Exception {
    byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(d).getLong();
  }

  @Test
  void isTheFirstEightBytesOfSha256() throws Exception {
    assertEquals(sha256Prefix("k\0key"), ShortHashes.of("k\0key"));
    assertEquals(sha256Prefix("k\0é/ü"), ShortHashes.of("k\0é/ü"));
    // A value recorded in histories, pinned: the first 8 bytes of SHA-256("abc").
    assertEquals(0xba7816bf8f01cfeaL, ShortHashes.of("abc"));
  }

  @Test
  void remembersNoWrongAnswerAcrossManyInputsAndThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        runs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    String s = "s\0" + ((i * 7 + seed) % 11);
                    assertEquals(sha256Prefix(s), ShortHashes.of(s));
                  }
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

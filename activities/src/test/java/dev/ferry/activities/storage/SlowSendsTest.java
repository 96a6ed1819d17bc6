package dev.ferry.activities.storage;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SlowSendsTest {
  /**
   * A send still going when its attempt is dead (telling fails: cancelled, or timed out and
   * retried) is interrupted, so that its bytes cannot land after those of the retry.
   */
  @Test
  void aSendWhoseAttemptIsDeadIsInterrupted() throws InterruptedException {
    ExecutorService senders = SlowSends.senders("test-send");
    CountDownLatch interrupted = new CountDownLatch(1);
    Future<Object> send =
        senders.submit(
            () -> {
              try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
              } catch (InterruptedException e) {
                interrupted.countDown();
              }
              return null;
            });
    IllegalStateException dead = new IllegalStateException("activity timed out");

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                SlowSends.await(
                    send,
                    () -> {
                      throw dead;
                    }));

    assertSame(dead, thrown);
    assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the send was left running");
    senders.shutdownNow();
  }
}

package dev.ferry.worker.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A query that gives up after {@link #WAIT}. After kill -9 of a migration's only worker, the server
 * still names the dead worker's pollers for minutes and routes each query to it; the SDK then waits
 * its 10 s query timeout several times over (measured: 65 s for each of status, pause, resume and
 * set-concurrency). Right after a new worker started, the same wait ends with its answer (measured:
 * 52 s), so only commands that go on without an answer bound it: pause and resume, whose signal
 * goes out either way, and watch, which asks again.
 */
final class BoundedQuery {
  /** How long a command waits for a worker's answer. */
  static final Duration WAIT = Duration.ofSeconds(10);

  /** Daemon threads: a query given up on goes on in the background without holding the JVM. */
  private static final ExecutorService QUERIES =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "ferry-query");
            t.setDaemon(true);
            return t;
          });

  private BoundedQuery() {}

  /** {@code query}'s answer, or null when none came within {@link #WAIT}. */
  static <T> T answer(Supplier<T> query) {
    CompletableFuture<T> answer = CompletableFuture.supplyAsync(query, QUERIES);
    try {
      return answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}

package dev.ferry.activities.storage;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Waits for a request that sends bytes already read (a part, block or chunk), telling the write
 * again every {@link #TELL_EVERY_SECONDS} s while it waits: a request slow to send (a slow link) is
 * no reason for the attempt to look dead, only the request's own I/O timeout is.
 */
public final class SlowSends {
  /** How often a wait for a request tells the write that it goes on. */
  public static final long TELL_EVERY_SECONDS = 5;

  /**
   * Bytes a request may send in the caller's own thread, without telling anyone: at 13 KB/s they
   * take the 20 s a range's heartbeat allows. Handing a small request to another thread costs more
   * than it saves.
   */
  public static final int SENT_IN_PLACE = 256 * 1024;

  private SlowSends() {}

  /** A pool of daemon threads, named {@code NAME-N}, that send requests for waiting callers. */
  public static ExecutorService senders(String name) {
    AtomicInteger threads = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, name + "-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * The request's result once it ends, telling {@code sending} while it waits. When telling fails
   * (the attempt was cancelled, or timed out and a retry took its place) the request is cancelled,
   * which interrupts a request submitted to an executor: a dead attempt's bytes must not land after
   * those of the retry that replaced it.
   *
   * @throws CompletionException with the request's failure as its cause, or when interrupted
   */
  public static <T> T await(Future<T> request, Runnable sending) {
    while (true) {
      try {
        return request.get(TELL_EVERY_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        tell(request, sending);
      } catch (ExecutionException e) {
        throw new CompletionException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        request.cancel(true);
        throw new CompletionException(e);
      }
    }
  }

  private static void tell(Future<?> request, Runnable sending) {
    try {
      sending.run();
    } catch (RuntimeException | Error dead) {
      request.cancel(true);
      throw dead;
    }
  }
}

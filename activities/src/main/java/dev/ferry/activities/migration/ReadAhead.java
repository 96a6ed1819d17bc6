package dev.ferry.activities.migration;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.OpenWithMetadata;
import dev.ferry.activities.storage.StorageBackend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a range's next small object while the current one is written, so each copy slot keeps a GET
 * and a PUT in flight instead of one request after the other. Over a link with real round trips a
 * small object's copy is two round trips end to end; overlapping them nearly halves it.
 *
 * <p>It reads ahead only while the source's reads wait on round trips: on loopback or a local disk
 * a read answers in about a millisecond, less than there is to gain, and handing it to another
 * thread costs CPU the copy needs. So it times every read it opens, its own and the copy's, and
 * reads ahead once the last few each took {@link #WORTH_OVERLAPPING} or longer.
 *
 * <p>A read ahead only ever saves time: any failure of it is dropped, and the object is then read
 * as if there had been none, so every error reaches the copy the same way as without it. Memory is
 * at most three small objects per range: two read ahead and the one being written.
 */
final class ReadAhead implements AutoCloseable {
  /** Objects up to this size are read ahead; larger ones overlap requests through their parts. */
  static final long MAX_BYTES = 1 << 20;

  /** Reads that take this long to open wait on a round trip, which overlapping them hides. */
  static final Duration WORTH_OVERLAPPING = Duration.ofMillis(4);

  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "ferry-read-ahead");
            t.setDaemon(true);
            return t;
          });

  /** A read on its way, and the listing it is for. */
  private record Pending(ObjectInfo listed, CompletableFuture<OpenWithMetadata.Opened> read) {}

  /** Reads ahead at most: the one the copy is about to take and the one after it. */
  private static final int MAX_PENDING = 2;

  private final StorageBackend source;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private final ReadLatency latency = new ReadLatency();
  private final boolean tags;

  /**
   * Reads from {@code source}, with the objects' tags where {@code tags} (the destination keeps
   * them).
   */
  ReadAhead(StorageBackend source, boolean tags) {
    this.source = Objects.requireNonNull(source, "source");
    this.tags = tags;
  }

  /**
   * Starts reading {@code listed} in the background, unless it is too large to hold or the source
   * answers too fast for it to pay. It joins the read the copy is about to take, if any: the copy
   * starts the next read before it opens its own.
   */
  void start(ObjectInfo listed) {
    if (!fitsInMemory(listed) || !latency.atLeast(WORTH_OVERLAPPING)) {
      return;
    }
    if (pending.size() == MAX_PENDING) {
      drop(pending.removeFirst());
    }
    pending.addLast(
        new Pending(listed, CompletableFuture.supplyAsync(() -> read(listed), READERS)));
  }

  /**
   * Opens {@code listed} with the metadata a copy carries: the bytes read ahead for it, waiting for
   * them if they are on the way, or else (none started for exactly this listing, or it failed) a
   * read of its own. Reads started before it and not taken are dropped.
   *
   * <p>A small object read here is read whole too, so a copy writes small objects from memory
   * whether they were read ahead or not: one path to compile, not two, which a short cold run whose
   * reads switch between the two would pay for.
   */
  OpenWithMetadata.Opened open(ObjectInfo listed) throws IOException {
    Optional<OpenWithMetadata.Opened> ahead = take(listed);
    if (ahead.isPresent()) {
      return ahead.get();
    }
    // Whatever length it has: the destination's write checks it against the listed size.
    return fitsInMemory(listed) ? readWhole(listed) : timedOpen(listed);
  }

  private static boolean fitsInMemory(ObjectInfo listed) {
    return listed.size() >= 0 && listed.size() <= MAX_BYTES;
  }

  private Optional<OpenWithMetadata.Opened> take(ObjectInfo listed) {
    if (pending.stream().noneMatch(p -> p.listed().equals(listed))) {
      return Optional.empty(); // not read ahead: any pending reads are for later objects
    }
    while (!pending.peekFirst().listed().equals(listed)) {
      drop(pending.removeFirst());
    }
    CompletableFuture<OpenWithMetadata.Opened> read = pending.removeFirst().read();
    try {
      return Optional.of(read.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Drops the reads not taken; waits briefly for each, so none outlives the source's client. */
  @Override
  public void close() {
    while (!pending.isEmpty()) {
      drop(pending.removeFirst());
    }
  }

  private static void drop(Pending dropped) {
    try {
      dropped.read().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // dropped either way
    }
  }

  private OpenWithMetadata.Opened read(ObjectInfo listed) {
    try {
      OpenWithMetadata.Opened whole = readWhole(listed);
      if (whole.data().available() != listed.size()) {
        // Changed since it was listed: the copy reads it itself and meets the mismatch.
        throw new IllegalStateException(listed.key() + " changed since it was listed");
      }
      return whole;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The object's bytes in memory, up to one past its listed size so that a changed object shows,
   * with its metadata. (A {@link ByteArrayInputStream}'s {@code available} is exactly its length.)
   */
  private OpenWithMetadata.Opened readWhole(ObjectInfo listed) throws IOException {
    OpenWithMetadata.Opened opened = timedOpen(listed);
    try (InputStream in = opened.data()) {
      byte[] bytes = in.readNBytes((int) listed.size() + 1);
      return new OpenWithMetadata.Opened(new ByteArrayInputStream(bytes), opened.metadata());
    }
  }

  private OpenWithMetadata.Opened timedOpen(ObjectInfo listed) {
    long start = System.nanoTime();
    OpenWithMetadata.Opened opened = OpenWithMetadata.open(source, listed, tags);
    latency.observe(System.nanoTime() - start);
    return opened;
  }
}

package dev.ferry.activities.testing;

import java.util.concurrent.atomic.AtomicInteger;

/** Buckets of a test's own on a server that several tests share. */
public final class TestBuckets {
  private static final AtomicInteger CREATED = new AtomicInteger();

  private TestBuckets() {}

  /**
   * Creates a bucket named {@code name} plus a counter and the clock, so no other test, and no
   * earlier run against a server that keeps its data, has one of that name; returns its name.
   */
  public static String create(S3TestServer server, String name) {
    String bucket =
        name + "-" + CREATED.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    server.createBucket(bucket);
    return bucket;
  }
}

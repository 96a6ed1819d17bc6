package dev.ferry.worker.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A reproducible set of test objects: many small ones under {@code data/} and a few large ones
 * under {@code big/}, which sort first so that a migration meets a large object early.
 *
 * @param smallObjects how many small objects
 * @param maxSmallBytes largest small object (sizes are 0..max, seeded)
 * @param bigSizes the sizes of the large objects, one object each
 * @param seed makes keys, sizes and bytes reproducible
 */
record DataSet(int smallObjects, int maxSmallBytes, List<Long> bigSizes, long seed) {
  static final String BIG_PREFIX = "big/";

  /** One object to write: key, size, the seed of its bytes, and its metadata. */
  record Spec(String key, long size, long seed, String contentType, Map<String, String> meta) {
    /** The object's bytes (seeded pseudo-random). */
    byte[] bytes() {
      byte[] bytes = new byte[Math.toIntExact(size)];
      new SplittableRandom(seed).nextBytes(bytes);
      return bytes;
    }

    boolean big() {
      return key.startsWith(BIG_PREFIX);
    }
  }

  List<Spec> specs() {
    SplittableRandom random = new SplittableRandom(seed);
    List<Spec> specs = new ArrayList<>();
    for (int i = 0; i < bigSizes.size(); i++) {
      specs.add(
          new Spec(
              String.format(Locale.ROOT, "%s%02d.bin", BIG_PREFIX, i),
              bigSizes.get(i),
              random.nextLong(),
              "application/octet-stream",
              Map.of("ferry-e2e", "big-" + i)));
    }
    for (int i = 0; i < smallObjects; i++) {
      String dir = String.format(Locale.ROOT, "data/%02d/", i % 17);
      specs.add(
          new Spec(
              dir + String.format(Locale.ROOT, "obj-%05d.%s", i, i % 3 == 0 ? "txt" : "bin"),
              random.nextInt(maxSmallBytes + 1),
              random.nextLong(),
              i % 3 == 0 ? "text/plain" : "application/octet-stream",
              i % 5 == 0 ? Map.of("ferry-e2e", "small-" + i) : Map.of()));
    }
    return specs;
  }

  long totalBytes() {
    return specs().stream().mapToLong(Spec::size).sum();
  }
}

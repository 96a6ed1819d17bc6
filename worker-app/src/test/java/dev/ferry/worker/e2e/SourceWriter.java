package dev.ferry.worker.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Changes a live source the way its users do: creates objects, overwrites existing ones with new
 * bytes of the same size, and deletes others, from a seeded random sequence, and counts what it did
 * so a pass's counters can be checked against it.
 */
final class SourceWriter {
  /** What a batch of writes did. */
  record Changes(int created, int overwritten, int deleted) {
    int changed() {
      return created + overwritten;
    }

    Changes plus(Changes other) {
      return new Changes(
          created + other.created, overwritten + other.overwritten, deleted + other.deleted);
    }
  }

  private final ObjectStore store;
  private final String bucket;
  private final Random random;
  private final List<String> keys;
  private int next;

  SourceWriter(ObjectStore store, String bucket, long seed) {
    this.store = store;
    this.bucket = bucket;
    this.random = new Random(seed);
    this.keys = new ArrayList<>(store.keys(bucket));
  }

  /** Makes {@code n} changes; each key is touched at most once per batch, so counts are exact. */
  Changes batch(int n) {
    int created = 0;
    int overwritten = 0;
    int deleted = 0;
    List<String> untouched = new ArrayList<>(keys);
    for (int i = 0; i < n; i++) {
      int op = random.nextInt(3);
      if (op == 0 || untouched.size() < 2) {
        String key = String.format("live/new-%05d.txt", next++);
        store.putBytes(bucket, key, text(key, 64 + random.nextInt(512)));
        keys.add(key);
        created++;
      } else {
        String key = untouched.remove(random.nextInt(untouched.size()));
        long size = op == 1 ? store.object(bucket, key).size() : 0;
        if (op == 1 && size < 32) {
          // Too small for new bytes to surely differ from the old: make it a delete instead.
          op = 2;
        }
        if (op == 1) {
          store.putBytes(bucket, key, text(key + " v" + random.nextLong(), (int) size));
          overwritten++;
        } else {
          store.delete(bucket, key);
          keys.remove(key);
          deleted++;
        }
      }
    }
    return new Changes(created, overwritten, deleted);
  }

  /** {@code size} bytes of text that start with {@code seed}: distinct per write. */
  private byte[] text(String seed, int size) {
    byte[] bytes = new byte[size];
    byte[] head = (seed + " ").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < size; i++) {
      bytes[i] = i < head.length ? head[i] : (byte) ('a' + random.nextInt(26));
    }
    return bytes;
  }
}

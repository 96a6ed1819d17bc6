package dev.ferry.activities.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.PermanentStorageException;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sorted key list of a {@code --files-from} migration, as the CLI writes it and workers read
 * it: one JSON string per line (so a key may hold any character, a newline too), in {@link
 * KeyOrder}, without duplicates. Ranges of it are found by key: a sparse index of every {@value
 * #INDEX_EVERY}th line, built once per worker, and a short scan from there, so no range ever reads
 * the list from its start and no key list crosses workflow history.
 */
public final class KeyList {
  static final int INDEX_EVERY = 512;

  /** Lists kept open per worker; a few at once is plenty. */
  private static final int CACHED = 8;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, KeyList> OPEN = new LinkedHashMap<>();

  private final Path path;
  private final List<String> indexKeys = new ArrayList<>();
  private final List<Long> indexOffsets = new ArrayList<>();

  private KeyList(Path path) {
    this.path = path;
  }

  /**
   * Writes {@code keys} (sorted in key order, without duplicates) to {@code path}, atomically: a
   * worker never sees half a list.
   */
  public static void write(Path path, Iterable<String> keys) {
    Path temp = path.resolveSibling(path.getFileName() + ".tmp");
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      try (Writer out = new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8))) {
        for (String key : keys) {
          out.write(JSON.writeValueAsString(key));
          out.write('\n');
        }
      }
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the key list " + path, e);
    }
  }

  /**
   * The list at {@code path}, its index built on first use in this worker.
   *
   * @throws PermanentStorageException when it cannot be read
   */
  static KeyList open(String path) {
    Path file = Path.of(path);
    String id;
    try {
      id = path + "\n" + Files.size(file) + "\n" + Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new PermanentStorageException(
          "the --files-from key list "
              + path
              + " cannot be read on this worker ("
              + e.getMessage()
              + "); run the worker where the CLI wrote it",
          e);
    }
    synchronized (OPEN) {
      KeyList list = OPEN.get(id);
      if (list == null) {
        list = new KeyList(file);
        list.index();
        OPEN.put(id, list);
        for (Iterator<String> oldest = OPEN.keySet().iterator(); OPEN.size() > CACHED; ) {
          oldest.next();
          oldest.remove();
        }
      }
      return list;
    }
  }

  /** At most {@code max} keys with {@code after < key <= last}, in order; null bounds are open. */
  List<String> keys(String after, String last, int max) {
    List<String> keys = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.position(startOffset(after));
      Lines lines = new Lines(Channels.newInputStream(channel));
      for (String key = lines.next(); key != null && keys.size() < max; key = lines.next()) {
        if (last != null && KeyOrder.compare(key, last) > 0) {
          break;
        }
        if (after == null || KeyOrder.compare(key, after) > 0) {
          keys.add(key);
        }
      }
    } catch (IOException e) {
      throw new PermanentStorageException("cannot read the key list " + path + ": " + e, e);
    }
    return keys;
  }

  /** The offset of the last indexed line whose key is at most {@code after}. */
  private long startOffset(String after) {
    if (after == null || indexKeys.isEmpty()) {
      return 0;
    }
    int lo = 0;
    int hi = indexKeys.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (KeyOrder.compare(indexKeys.get(mid), after) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? 0 : indexOffsets.get(found);
  }

  private void index() {
    try (InputStream in = Files.newInputStream(path)) {
      Lines lines = new Lines(in);
      for (long line = 0; ; line++) {
        long offset = lines.offset();
        if (line % INDEX_EVERY != 0) {
          if (!lines.skip()) {
            break;
          }
          continue;
        }
        String key = lines.next();
        if (key == null) {
          break;
        }
        indexKeys.add(key);
        indexOffsets.add(offset);
      }
    } catch (IOException e) {
      throw new PermanentStorageException("cannot read the key list " + path + ": " + e, e);
    }
  }

  /** The keys of a list, line by line, counting the bytes read. */
  private static final class Lines {
    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long offset;

    Lines(InputStream in) {
      this.in = new BufferedInputStream(in, 1 << 16);
    }

    /** The offset of the next line from where reading began. */
    long offset() {
      return offset;
    }

    String next() throws IOException {
      line.reset();
      int b;
      while ((b = in.read()) != -1) {
        offset++;
        if (b == '\n') {
          return parse();
        }
        line.write(b);
      }
      return line.size() == 0 ? null : parse();
    }

    /** Passes over the next line without decoding it; false at the end. */
    boolean skip() throws IOException {
      int b;
      boolean any = false;
      while ((b = in.read()) != -1) {
        offset++;
        any = true;
        if (b == '\n') {
          return true;
        }
      }
      return any;
    }

    private String parse() throws JsonProcessingException {
      return JSON.readValue(line.toString(StandardCharsets.UTF_8), String.class);
    }
  }
}

package dev.ferry.worker.client;

import dev.ferry.activities.config.ConfigBackendResolver;
import dev.ferry.activities.config.ConfigException;
import dev.ferry.activities.config.Location;
import dev.ferry.activities.migration.KeyList;
import dev.ferry.activities.storage.IoReasons;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.embedded.FerryHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a {@code --files-from FILE|LOC} argument into the sorted key list the workers read: every
 * line checked (a bad one refuses the command before anything is written), the keys sorted in key
 * order without duplicates, and written under {@code FERRY_HOME/files-from/}, named by their
 * content. FILE is a local file; a directory or a store location is read object by object in key
 * order (the parts of a report, for one).
 *
 * <p>The keys are sorted in this process's memory: a list of a few million keys is fine.
 */
public final class FilesFrom {
  /**
   * A written key list.
   *
   * @param path where the workers read it
   * @param keys how many distinct keys it holds
   * @param unnamedRanges wanted report lines that stood for whole ranges and named no keys
   */
  public record Prepared(Path path, long keys, long unnamedRanges) {}

  private FilesFrom() {}

  /**
   * The path of the written key list for {@code raw}.
   *
   * @param actions the report actions to keep (empty: every line)
   * @throws BadInputException for a missing file, a bad line or a list without keys
   */
  public static Prepared prepare(String raw, Set<String> actions, Settings settings) {
    TreeSet<String> keys = new TreeSet<>(KeyOrder.COMPARATOR);
    long[] unnamed = {0};
    Location location = Locations.parse("--files-from", raw);
    Path local = location.isLocal() ? Path.of(location.path()) : null;
    if (local != null && !Files.exists(local)) {
      throw new BadInputException(
          "--files-from " + raw + " does not exist", "pass a file of keys, one per line");
    }
    // Anything but a directory is read as one file: a pipe too (--files-from <(find ...)).
    if (local != null && !Files.isDirectory(local)) {
      try (InputStream in = Files.newInputStream(local)) {
        KeyLines lines = new KeyLines(raw, actions);
        lines.read(in, keys::add);
        unnamed[0] += lines.unnamed();
      } catch (IOException e) {
        throw new BadInputException(
            "--files-from " + raw + " cannot be read: " + IoReasons.osReason(e), null, e);
      }
    } else {
      unnamed[0] += readObjects(location, actions, settings, keys);
    }
    if (keys.isEmpty()) {
      throw new BadInputException(
          "--files-from " + raw + " lists no keys" + (actions.isEmpty() ? "" : " with " + actions),
          "pass a list with at least one key");
    }
    return new Prepared(write(keys), keys.size(), unnamed[0]);
  }

  /**
   * Writes {@code keys} (in key order, distinct) as a key list under {@code FERRY_HOME}, named by
   * their content, and returns its absolute path.
   */
  public static Path write(Set<String> keys) {
    Path path =
        FerryHome.ensure().resolve("files-from").resolve(digest(keys) + ".keys").toAbsolutePath();
    if (!Files.exists(path)) {
      KeyList.write(path, keys);
    }
    return path;
  }

  /** Opens {@code location} once the client's own config knows it (as a bad input if not). */
  private static StorageBackend openChecked(ConfigBackendResolver resolver, Location location) {
    resolver.check(location.toString());
    return resolver.open(location.toString());
  }

  /**
   * Reads every object under {@code location}, in key order, as files of keys; returns how many
   * wanted range lines named no keys.
   */
  private static long readObjects(
      Location location, Set<String> actions, Settings settings, Set<String> keys) {
    try (ConfigBackendResolver resolver = settings.newResolver();
        StorageBackend store = openChecked(resolver, location)) {
      long unnamed = 0;
      String after = null;
      ListPage page;
      do {
        page = store.list(after, null, 1000);
        for (ObjectInfo o : page.objects()) {
          try (InputStream in = store.open(o.key())) {
            KeyLines lines = new KeyLines(location + " object " + o.key(), actions);
            lines.read(in, keys::add);
            unnamed += lines.unnamed();
          }
          after = o.key();
        }
      } while (page.truncated() && !page.objects().isEmpty());
      return unnamed;
    } catch (ConfigException | StorageException e) {
      throw new BadInputException("--files-from " + location + ": " + e.getMessage(), null, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String digest(Set<String> keys) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String key : keys) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).flip());
        sha.update(bytes);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

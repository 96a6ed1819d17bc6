package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.BackendOption;
import dev.ferry.activities.storage.BackendOption.Kind;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.BackendType;
import dev.ferry.activities.storage.LocationShape;
import dev.ferry.activities.storage.StorageBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code type: file}: a directory tree the worker can reach; locations {@code NAME:PATH} under the
 * profile's root. Bare paths ({@code /data/in}, {@code ./out}) are this type too, rooted at {@code
 * /}.
 */
public final class FileType implements BackendType {
  /** The one instance, as the registry lists it. */
  public static final FileType TYPE = new FileType();

  private static final List<BackendOption> OPTIONS =
      List.of(
          BackendOption.of(
                  "root",
                  Kind.PATH,
                  "the directory this profile's paths are relative to, e.g. root: /srv/archive")
              .asRequired());

  private FileType() {}

  /** A profile for the tree under {@code root}, for code and tests. */
  public static BackendProfile profile(String name, Path root) {
    return BackendProfile.of(name, TYPE, Map.of("root", root));
  }

  @Override
  public String name() {
    return "file";
  }

  @Override
  public String description() {
    return "a directory tree on a filesystem the worker can reach; locations NAME:PATH";
  }

  @Override
  public List<BackendOption> options() {
    return OPTIONS;
  }

  @Override
  public LocationShape shape() {
    return LocationShape.PATH;
  }

  @Override
  public void validate(BackendProfile profile, String prefix, List<String> problems) {
    Path root = profile.path("root");
    if (!root.isAbsolute()) {
      problems.add(prefix + "root must be an absolute path, got '" + root + "'");
    }
  }

  @Override
  public void checkLocation(BackendProfile profile, String container, String path) {
    resolve(profile, path);
  }

  @Override
  public Connected connect(BackendProfile profile) {
    return (container, path, description) ->
        FileSystemBackend.create(resolve(profile, path), description);
  }

  /** {@code path} under the profile's root; never outside it. */
  private static Path resolve(BackendProfile profile, String path) {
    String relative = path;
    while (relative.startsWith("/")) {
      relative = relative.substring(1);
    }
    Path root = profile.path("root").normalize();
    Path resolved = root.resolve(relative).normalize();
    if (!resolved.startsWith(root)) {
      throw new IllegalArgumentException(
          "the location leaves the root of profile '" + profile.name() + "'; remove the '..'");
    }
    return resolved;
  }

  /** Opens the tree at a bare local path, as {@code ferry run --from /data/in} names it. */
  public static StorageBackend openLocal(Path path, String description) {
    return FileSystemBackend.create(path, description);
  }
}

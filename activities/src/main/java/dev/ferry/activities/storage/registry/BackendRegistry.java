package dev.ferry.activities.storage.registry;

import dev.ferry.activities.storage.BackendType;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.azure.AzureType;
import dev.ferry.activities.storage.fs.FileType;
import dev.ferry.activities.storage.gcs.GcsType;
import dev.ferry.activities.storage.s3.S3Type;
import dev.ferry.activities.storage.synthetic.DiscardType;
import dev.ferry.activities.storage.synthetic.SyntheticType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The backend types profiles can name, in the order {@code ferry backends} lists them. Adding a
 * backend is a package with its {@link BackendType} and one line here.
 */
public final class BackendRegistry {
  private static final List<BackendType> TYPES =
      List.of(
          S3Type.TYPE,
          AzureType.TYPE,
          GcsType.TYPE,
          FileType.TYPE,
          SyntheticType.TYPE,
          DiscardType.TYPE);

  private BackendRegistry() {}

  /** Every registered type. */
  public static List<BackendType> types() {
    return TYPES;
  }

  /** The type called {@code name} ({@code type:} in a profile), if one is registered. */
  public static Optional<BackendType> find(String name) {
    return TYPES.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Opens the tree at a bare local path ({@code /data/in}, {@code ./out}), made absolute. */
  public static StorageBackend openLocal(Path path, String description) {
    return FileType.openLocal(path, description);
  }

  /** The names, as a person reads them: {@code s3, azure, gcs, file, synthetic or discard}. */
  public static String namesText() {
    List<String> names = TYPES.stream().map(BackendType::name).toList();
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }
}

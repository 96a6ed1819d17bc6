package dev.ferry.activities.storage;

import java.util.List;

/**
 * The {@code tags} option of a store with object tags (S3 object tagging, Azure blob index tags):
 * {@code copy}, the default, reads them at a source and writes them at a destination; {@code
 * ignore} does neither, for credentials without the tagging permissions.
 */
public final class TagsOption {
  public static final String COPY = "copy";
  public static final String IGNORE = "ignore";

  private TagsOption() {}

  /** The option, with {@code help} naming what the store calls its tags and their permissions. */
  public static BackendOption option(String help) {
    return BackendOption.choice("tags", help, COPY, List.of(COPY, IGNORE));
  }

  /**
   * {@code e} with what to do about it, where it is an access refusal that may be the tags' alone:
   * credentials allowed to read or write objects may still lack {@code permission}.
   */
  public static StorageException refused(StorageException e, String permission) {
    if (e instanceof LocationFaultException fault
        && fault.kind() == LocationFaultException.Kind.CREDENTIALS
        && !fault.confirmed()) {
      return new LocationFaultException(
          fault.kind(),
          fault.location(),
          fault.getMessage()
              + "; tags need "
              + permission
              + ": grant it, or set 'tags: ignore' in this location's profile to copy without them",
          false,
          fault.getCause());
    }
    return e;
  }

  /** Whether {@code profile} copies tags. */
  public static boolean copies(BackendProfile profile) {
    return !IGNORE.equals(profile.text("tags"));
  }
}

package dev.ferry.activities.config;

import dev.ferry.activities.storage.BackendProfile;
import java.nio.file.Path;

/**
 * A parsed location string: {@code NAME:BUCKET/PREFIX}, {@code NAME:BUCKET}, {@code NAME:PATH} or a
 * bare local path.
 *
 * <p>A string is a profile reference only when it does not start with {@code /} or {@code .} and
 * the part before its first {@code :} looks like a profile name (letters, digits, {@code -}, {@code
 * _}); anything else is a local path. Whether {@code NAME} is an object store or a filesystem
 * profile is known only with the config, so {@link #path()} holds the text after the colon and
 * {@link #bucket()} / {@link #prefix()} read it as an object-store location.
 *
 * @param profile the profile name, or null for a local path
 * @param path for a profile: the text after the colon (may be empty); else the local path as given
 */
public record Location(String profile, String path) {

  public Location {
    if (path == null) {
      throw new ConfigException("location path must not be null");
    }
    if (profile != null && !BackendProfile.isValidName(profile)) {
      throw new ConfigException(
          "invalid profile name '" + profile + "': use letters, digits, '-' and '_'");
    }
  }

  /**
   * Parses a location string.
   *
   * @throws ConfigException when {@code text} is null or blank
   */
  public static Location parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ConfigException(
          "empty location: give NAME:BUCKET/PREFIX, NAME:PATH or a local path such as ./data");
    }
    if (text.indexOf('\0') >= 0) {
      throw new ConfigException("location contains a NUL character; remove it");
    }
    int colon = text.indexOf(':');
    if (colon > 0 && !text.startsWith("/") && !text.startsWith(".")) {
      String name = text.substring(0, colon);
      if (BackendProfile.isValidName(name)) {
        return new Location(name, text.substring(colon + 1));
      }
    }
    return new Location(null, text);
  }

  /** A local-path location. */
  public static Location local(Path path) {
    return new Location(null, path.toString());
  }

  /** Whether this is a bare local path rather than a profile reference. */
  public boolean isLocal() {
    return profile == null;
  }

  /**
   * This location with a local path made absolute and normalized against the working directory;
   * profile locations are returned unchanged. Clients call this before sending a location to a
   * worker, whose working directory may differ.
   */
  public Location toAbsolute() {
    return isLocal() ? local(Path.of(path).toAbsolutePath().normalize()) : this;
  }

  /** The bucket of an object-store location: the path up to its first {@code /}. */
  public String bucket() {
    String p = stripLeadingSlashes(path);
    int slash = p.indexOf('/');
    return slash < 0 ? p : p.substring(0, slash);
  }

  /**
   * The key prefix of an object-store location: the path after the bucket's {@code /}, exactly as
   * written; empty for a whole bucket. A non-empty prefix is used as a directory, so {@code
   * src:b/in} holds the keys under {@code in/}. A {@code /} after the bucket's is part of the
   * prefix, as keys are data: {@code src:b//in} holds the keys under {@code /in/}, never those
   * under {@code in/}.
   */
  public String prefix() {
    String p = stripLeadingSlashes(path);
    int slash = p.indexOf('/');
    return slash < 0 ? "" : p.substring(slash + 1);
  }

  /** The location as the user writes it: {@code NAME:PATH} or the bare path. */
  @Override
  public String toString() {
    return isLocal() ? path : profile + ":" + path;
  }

  private static String stripLeadingSlashes(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '/') {
      i++;
    }
    return s.substring(i);
  }
}

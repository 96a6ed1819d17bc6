package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.ContentHeaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Content-type, the other standard properties ({@code user.ferry.header.content-encoding}, ...),
 * user metadata and the MD5 of a file, kept in extended attributes ({@code user.ferry.*}) like
 * rclone's local backend keeps metadata.
 *
 * <p>The MD5 is stored with the size and mtime it was computed for and is only believed while both
 * still match, so a file edited by another program never reports a stale checksum. Filesystems
 * without extended attributes simply keep no metadata.
 */
final class FileMetadata {
  private static final String CONTENT_TYPE = "ferry.content-type";
  private static final String HEADER_PREFIX = "ferry.header.";
  private static final String MD5 = "ferry.md5";
  private static final String META_PREFIX = "ferry.meta.";

  /** Bytes read of an attribute before asking its size: an MD5 line, a type, a short value. */
  private static final int COMMON_VALUE = 1024;

  /** What was read back for one file. */
  record Stored(
      String contentType, Map<String, String> userMetadata, String md5, ContentHeaders headers) {}

  private FileMetadata() {}

  /** Writes the attributes onto {@code file} (before it is renamed into place). */
  static boolean write(
      Path file,
      String contentType,
      ContentHeaders headers,
      Map<String, String> userMetadata,
      String md5,
      long size,
      long mtimeNanos) {
    UserDefinedFileAttributeView view = view(file);
    if (view == null) {
      return false;
    }
    try {
      if (contentType != null) {
        put(view, CONTENT_TYPE, contentType);
      }
      for (Map.Entry<String, String> e : headers.asHeaders().entrySet()) {
        put(view, HEADER_PREFIX + e.getKey().toLowerCase(Locale.ROOT), e.getValue());
      }
      for (Map.Entry<String, String> e : userMetadata.entrySet()) {
        put(view, META_PREFIX + e.getKey(), e.getValue());
      }
      put(view, MD5, md5 + " " + size + " " + mtimeNanos);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Reads the attributes of {@code file}; empty values when it has none. */
  static Stored read(Path file, BasicFileAttributes attrs) {
    UserDefinedFileAttributeView view = view(file);
    if (view == null) {
      return new Stored(null, Map.of(), null, ContentHeaders.NONE);
    }
    try {
      String contentType = null;
      String md5 = null;
      Map<String, String> meta = new HashMap<>();
      Map<String, String> headers = new HashMap<>();
      for (String name : view.list()) {
        if (name.equals(CONTENT_TYPE)) {
          contentType = get(view, name);
        } else if (name.startsWith(HEADER_PREFIX)) {
          headers.put(name.substring(HEADER_PREFIX.length()), get(view, name));
        } else if (name.equals(MD5)) {
          String[] parts = get(view, name).split(" ");
          if (parts.length == 3
              && parts[1].equals(Long.toString(attrs.size()))
              && parts[2].equals(Long.toString(mtimeNanos(attrs)))) {
            md5 = parts[0];
          }
        } else if (name.startsWith(META_PREFIX)) {
          meta.put(name.substring(META_PREFIX.length()), get(view, name));
        }
      }
      return new Stored(
          contentType,
          meta,
          md5,
          ContentHeaders.of(name -> headers.get(name.toLowerCase(Locale.ROOT))));
    } catch (IOException | UnsupportedOperationException e) {
      return new Stored(null, Map.of(), null, ContentHeaders.NONE);
    }
  }

  /**
   * A fingerprint of size, mtime and, where the platform tells it, ctime: changes whenever the file
   * is rewritten, also when the writer sets the mtime back ({@link FileStat}).
   */
  static String etag(BasicFileAttributes attrs) {
    String etag = Long.toHexString(attrs.size()) + "-" + Long.toHexString(mtimeNanos(attrs));
    FileTime ctime = FileStat.ctime(attrs);
    return ctime == null ? etag : etag + "-" + Long.toHexString(ctime.to(TimeUnit.NANOSECONDS));
  }

  static long mtimeNanos(BasicFileAttributes attrs) {
    return attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
  }

  private static UserDefinedFileAttributeView view(Path file) {
    return Files.getFileAttributeView(
        file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
  }

  private static void put(UserDefinedFileAttributeView view, String name, String value)
      throws IOException {
    view.write(name, ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The attribute's value. Read into a buffer that fits common values, as asking its size first
   * opens the file once more per attribute (a third of a filesystem verify's system calls); one
   * larger than that is read again at its size.
   */
  private static String get(UserDefinedFileAttributeView view, String name) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(COMMON_VALUE);
    try {
      view.read(name, buffer);
    } catch (FileSystemException tooLarge) {
      buffer = ByteBuffer.allocate(view.size(name));
      view.read(name, buffer);
    }
    buffer.flip();
    return StandardCharsets.UTF_8.decode(buffer).toString();
  }
}

package dev.ferry.activities.storage.fs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.activities.storage.ContentHeaders;
import dev.ferry.activities.storage.IoReasons;
import dev.ferry.activities.storage.LocationFaultException.Kind;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Content-type, the other standard properties ({@code content-encoding}, ...), user metadata and
 * the MD5 of a file, kept in extended attributes like rclone's local backend keeps metadata: one
 * JSON object in {@code user.ferry}, as each attribute costs Java an open of the file to read or
 * write it. Files written before kept one attribute per value ({@code user.ferry.content-type},
 * {@code user.ferry.header.*}, {@code user.ferry.meta.*}, {@code user.ferry.md5}); they are read
 * alike.
 *
 * <p>The MD5 is stored with the size and mtime it was computed for and is only believed while both
 * still match, so a file edited by another program never reports a stale checksum. Filesystems
 * without extended attributes simply keep no metadata.
 */
final class FileMetadata {
  private static final String ALL = "ferry";
  private static final String CONTENT_TYPE = "content-type";
  private static final String HEADERS = "headers";
  private static final String META = "meta";
  private static final String MD5 = "md5";
  private static final String LEGACY_PREFIX = "ferry.";
  private static final String LEGACY_HEADER_PREFIX = "ferry.header.";
  private static final String LEGACY_META_PREFIX = "ferry.meta.";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  /** Bytes read of an attribute before asking its size: a type, an MD5, a few values. */
  private static final int COMMON_VALUE = 1024;

  /** What was read back for one file. */
  record Stored(
      String contentType, Map<String, String> userMetadata, String md5, ContentHeaders headers) {
    static final Stored NONE = new Stored(null, Map.of(), null, ContentHeaders.NONE);
  }

  private FileMetadata() {}

  /**
   * The metadata takes more bytes of extended attributes than the filesystem keeps for one file
   * (ext4: about 4 KiB in all, any: 64 KiB per attribute), and the disk is not full.
   */
  static final class TooLarge extends IOException {
    final int bytes;

    TooLarge(int bytes, IOException cause) {
      // The C library's words alone, without Java's "Error writing extended attribute 'ferry'".
      super(IoReasons.osReason(cause).replaceFirst("^.*: ", ""), cause);
      this.bytes = bytes;
    }
  }

  /**
   * Writes the attributes onto {@code file} (before it is renamed into place); false where the
   * filesystem keeps no extended attributes.
   *
   * @throws TooLarge where it keeps fewer of them per file than this metadata takes
   * @throws IOException where the filesystem is full, over quota or read-only
   */
  static boolean write(
      Path file,
      String contentType,
      ContentHeaders headers,
      Map<String, String> userMetadata,
      String md5,
      long size,
      long mtimeNanos)
      throws IOException {
    UserDefinedFileAttributeView view = view(file);
    if (view == null) {
      return false;
    }
    Map<String, Object> all = new LinkedHashMap<>();
    if (contentType != null) {
      all.put(CONTENT_TYPE, contentType);
    }
    Map<String, String> standard = new TreeMap<>();
    headers
        .asHeaders()
        .forEach((name, value) -> standard.put(name.toLowerCase(Locale.ROOT), value));
    if (!standard.isEmpty()) {
      all.put(HEADERS, standard);
    }
    if (!userMetadata.isEmpty()) {
      all.put(META, new TreeMap<>(userMetadata));
    }
    all.put(MD5, md5 + " " + size + " " + mtimeNanos);
    byte[] value = JSON.writeValueAsBytes(all);
    try {
      view.write(ALL, ByteBuffer.wrap(value));
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    } catch (IOException e) {
      // E2BIG: over the kernel's 64 KiB. ENOSPC with room on the disk: over what the filesystem
      // keeps beside a file. Java gives no errno, so the C library's words are matched.
      String reason = IoReasons.osReason(e);
      Kind fault = FsErrors.wholeFilesystemFault(reason);
      boolean noRoomBeside = fault == Kind.NO_SPACE && FsErrors.hasSpace(file);
      if (reason.contains("Argument list too long") || noRoomBeside) {
        throw new TooLarge(value.length, e);
      }
      if (fault != null) {
        throw e; // full, over quota or read-only: as every write there
      }
      return false; // a filesystem mounted without user attributes: it keeps none
    }
  }

  /** Reads the attributes of {@code file}; empty values when it has none. */
  static Stored read(Path file, BasicFileAttributes attrs) {
    UserDefinedFileAttributeView view = view(file);
    if (view == null) {
      return Stored.NONE;
    }
    try {
      List<String> names = view.list();
      if (names.isEmpty()) {
        return Stored.NONE;
      }
      Map<String, Object> all =
          names.contains(ALL) ? JSON.readValue(get(view, ALL), OBJECT) : legacy(view, names);
      if (all == null) {
        return Stored.NONE; // "null": not ferry's
      }
      return new Stored(
          text(all.get(CONTENT_TYPE)),
          texts(all.get(META)),
          believedMd5(text(all.get(MD5)), attrs),
          headers(texts(all.get(HEADERS))));
    } catch (IOException | UnsupportedOperationException e) {
      return Stored.NONE;
    }
  }

  /** The values of a file written with one attribute per value, in the shape of {@link #ALL}. */
  private static Map<String, Object> legacy(UserDefinedFileAttributeView view, List<String> names)
      throws IOException {
    Map<String, Object> all = new HashMap<>();
    Map<String, String> headers = new HashMap<>();
    Map<String, String> meta = new HashMap<>();
    for (String name : names) {
      if (name.startsWith(LEGACY_HEADER_PREFIX)) {
        headers.put(name.substring(LEGACY_HEADER_PREFIX.length()), get(view, name));
      } else if (name.startsWith(LEGACY_META_PREFIX)) {
        meta.put(name.substring(LEGACY_META_PREFIX.length()), get(view, name));
      } else if (name.equals(LEGACY_PREFIX + CONTENT_TYPE) || name.equals(LEGACY_PREFIX + MD5)) {
        all.put(name.substring(LEGACY_PREFIX.length()), get(view, name));
      }
    }
    all.put(HEADERS, headers);
    all.put(META, meta);
    return all;
  }

  /** The MD5 of an {@code "md5 size mtime"} value, while the file still has that size and mtime. */
  private static String believedMd5(String value, BasicFileAttributes attrs) {
    String[] parts = value == null ? new String[0] : value.split(" ");
    boolean current =
        parts.length == 3
            && parts[1].equals(Long.toString(attrs.size()))
            && parts[2].equals(Long.toString(mtimeNanos(attrs)));
    return current ? parts[0] : null;
  }

  private static ContentHeaders headers(Map<String, String> byLowerCaseName) {
    return ContentHeaders.of(name -> byLowerCaseName.get(name.toLowerCase(Locale.ROOT)));
  }

  private static String text(Object value) {
    return value instanceof String s ? s : null;
  }

  /** The string entries of a JSON object; lower-case names are the caller's to ask for. */
  private static Map<String, String> texts(Object value) {
    Map<String, String> texts = new HashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (name, v) -> {
            if (name instanceof String n && v instanceof String s) {
              texts.put(n, s);
            }
          });
    }
    return texts;
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

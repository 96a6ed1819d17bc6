package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.IncompleteUpload;
import dev.ferry.activities.storage.IncompleteUploads;
import dev.ferry.activities.storage.KeyOrder;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ModTime;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.OpenWithMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.PrunedListing;
import dev.ferry.activities.storage.ResumableWrite;
import dev.ferry.activities.storage.ResumableWrites;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A directory tree as a {@link StorageBackend}: keys are {@code /}-separated paths under the root.
 *
 * <p>Writes go to a temporary file next to the target, are fsynced, get their mtime and metadata,
 * then are renamed over the key atomically, so a reader (or a crash) never sees a partial object.
 * Content-type, user metadata and the MD5 are kept in extended attributes where the filesystem has
 * them; a file's mtime travels as rclone's {@code mtime} user metadata ({@link
 * dev.ferry.activities.storage.ModTime}) and is restored from it. Keys a filesystem cannot hold are
 * refused per object with the reason; file names that are not UTF-8 are listed escaped and refused
 * by name. Symlinks are neither listed nor followed. Thread-safe. Sorted directory entries are
 * cached for the whole process, shared by every backend opened on it (each activity opens its own),
 * which makes paging through a large unchanged directory read it once; a directory changed in the
 * last two seconds or too large for the cache is read a window of sorted entries at a time, so
 * memory stays bounded however many files it holds.
 */
public final class FileSystemBackend
    implements StorageBackend, ResumableWrites, IncompleteUploads, PrunedListing, OpenWithMetadata {
  /** Names of directory entries kept sorted across listing pages (a few tens of MB at most). */
  private static final int CACHED_NAMES = 500_000;

  /**
   * The sorted entries of directories, for every backend of this process: a listing is paged by
   * many activities, each opening a backend of its own, so a cache per backend was empty at the
   * start of each, and a directory of 110,000 files was read and sorted again by every one.
   */
  private static final DirectoryCache DIRECTORIES = new DirectoryCache(CACHED_NAMES);

  /** The ETags of listed names that are not valid UTF-8 (see {@link RawNames}). */
  private static final String UNDECODABLE_FILE = "undecodable-file-name";

  private static final String UNDECODABLE_DIRECTORY = "undecodable-directory-name";

  private final KeyPaths paths;
  private final String description;
  private final TempFileUploads tempFiles;

  private FileSystemBackend(Path root, String description) {
    this.paths = new KeyPaths(root);
    this.description = description;
    this.tempFiles = new TempFileUploads(paths, description);
  }

  /**
   * A backend rooted at {@code root}, which need not exist yet (the first write creates it; until
   * then listings are empty).
   *
   * @param description how logs and errors name it, e.g. {@code file archive:/x}
   */
  public static FileSystemBackend create(Path root, String description) {
    Objects.requireNonNull(root, "root");
    return new FileSystemBackend(root.toAbsolutePath().normalize(), description);
  }

  /** A backend rooted at {@code root}, described by its path. */
  public static FileSystemBackend create(Path root) {
    Path abs = root.toAbsolutePath().normalize();
    return create(abs, "file " + abs);
  }

  /** The root directory. */
  public Path root() {
    return paths.root();
  }

  @Override
  public boolean keepsDirectoryMarkers() {
    return false;
  }

  @Override
  public boolean looksUpKeysCheaply() {
    return true;
  }

  /** {@code file:} and the root with symlinks resolved, so two names of one tree compare equal. */
  @Override
  public String locationId() {
    Path root = paths.root();
    try {
      root = root.toRealPath();
    } catch (IOException e) {
      // A root that does not exist yet cannot be a link: its normalized path is its identity.
    }
    return "file:" + root;
  }

  /** A file's mtime is set by the writer: a copy keeps the source's. */
  @Override
  public boolean keepsModTimes() {
    return true;
  }

  /**
   * @throws PermanentStorageException when a file is where the root directory must be: the location
   *     names a tree, and "does not exist" would be wrong
   */
  @Override
  public boolean rootExists() {
    refuseFileRoot();
    return Files.isDirectory(paths.root());
  }

  /** A location names the tree under a directory: a file there is refused, never walked over. */
  private void refuseFileRoot() {
    Path root = paths.root();
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new PermanentStorageException(
          description
              + ": "
              + root
              + " is a file, not a directory; a location is the tree under"
              + " a directory");
    }
  }

  @Override
  public ListPage list(String startAfter, String lastKey, int maxKeys) {
    return list(startAfter, lastKey, maxKeys, directory -> true);
  }

  @Override
  public ListPage list(String startAfter, String lastKey, int maxKeys, Predicate<String> enters) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
    }
    // Preflight lists a destination before its probe write: a file there is named as one.
    refuseFileRoot();
    List<ObjectInfo> objects = new ArrayList<>();
    try {
      KeyOrderWalk walk = new KeyOrderWalk(paths.root(), startAfter, DIRECTORIES, enters);
      while (walk.hasNext()) {
        KeyOrderWalk.Entry entry = walk.next();
        if (lastKey != null && KeyOrder.compare(entry.key(), lastKey) > 0) {
          return new ListPage(objects, false);
        }
        if (objects.size() == maxKeys) {
          return new ListPage(objects, true);
        }
        objects.add(
            entry.undecodable() ? undecodable(entry) : info(entry.key(), entry.attributes(), null));
      }
      return new ListPage(objects, false);
    } catch (UncheckedIOException e) {
      throw withExcludeHint(FsErrors.classify("list " + description, e.getCause()), e.getCause());
    }
  }

  /**
   * {@code error}, naming the exclude that leaves out a directory the walk may not read: the rest
   * of the tree cannot be listed past it.
   */
  private StorageException withExcludeHint(StorageException error, IOException cause) {
    if (!(cause instanceof AccessDeniedException denied) || denied.getFile() == null) {
      return error;
    }
    Path directory = Path.of(denied.getFile());
    if (!directory.startsWith(paths.root()) || directory.equals(paths.root())) {
      return error;
    }
    String key = paths.root().relativize(directory).toString();
    return new PermanentStorageException(
        error.getMessage() + "; to leave it out, --exclude '/" + key + "/**'", error);
  }

  @Override
  public String whyNoObject(String key) {
    try {
      BasicFileAttributes attrs = FileStat.read(paths.resolve(key), LinkOption.NOFOLLOW_LINKS);
      String what =
          attrs.isSymbolicLink()
              ? "a symlink"
              : attrs.isDirectory()
                  ? "a directory"
                  : attrs.isOther() ? "a FIFO, socket or device" : null;
      if (what != null) {
        return "is " + what + " at the source, not a regular file (only regular files are copied)";
      }
    } catch (IOException | RuntimeException e) {
      // not there, or not to be looked at: not found, as before
    }
    return StorageBackend.super.whyNoObject(key);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    Path path = paths.resolve(key);
    paths.requireNoSymlinkedParent(path, key);
    try {
      BasicFileAttributes attrs = FileStat.read(path, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(info(key, attrs, FileMetadata.read(path, attrs)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw FsErrors.classify("stat " + key, e);
    }
  }

  /**
   * Reads the extended attributes, which the listing skips to stay one stat per file, and adds the
   * file's mtime as {@link ModTime} user metadata, so that an object store keeps it as rclone does.
   * An {@code mtime} the file already carries (a copy of an object that had one) is kept while it
   * still agrees with the file's mtime, as it may be finer than the filesystem keeps; once the file
   * has been changed, its own mtime replaces it.
   */
  @Override
  public ObjectMetadata metadataOf(ObjectInfo listed) {
    refuseUnreadable(listed);
    ObjectInfo info =
        stat(listed.key())
            .orElseThrow(
                () -> new NotFoundException("open " + listed.key() + ": gone from " + description));
    Instant modified = listed.lastModified();
    Map<String, String> userMetadata = new HashMap<>(info.userMetadata());
    Instant carried = ModTime.of(userMetadata);
    if (carried == null || !ModTime.same(carried, modified)) {
      userMetadata.put(ModTime.KEY, ModTime.format(modified));
    }
    // A plain file has no content type: guessed from its name's extension, as rclone does, so a
    // site's files do not all arrive as application/octet-stream.
    String contentType =
        info.contentType() != null
            ? info.contentType()
            : URLConnection.guessContentTypeFromName(listed.key());
    return new ObjectMetadata(contentType, userMetadata, modified, info.checksum(), info.headers());
  }

  /** The bytes as {@link #open} reads them, checked at their end against the listed state. */
  @Override
  public Opened openWithMetadata(ObjectInfo listed) {
    ObjectMetadata metadata = metadataOf(listed);
    return new Opened(open(listed.key(), listed), metadata);
  }

  /**
   * The file's bytes, failing before the last of them ({@link UnchangedWhileRead}) when the file
   * changed while it was read.
   */
  @Override
  public InputStream open(String key) {
    return open(key, null);
  }

  /** {@link #open}, checked against {@code listed} where given, else the state found at open. */
  private InputStream open(String key, ObjectInfo listed) {
    Path path = paths.resolve(key);
    paths.requireNoSymlinkedParent(path, key);
    try {
      BasicFileAttributes attrs = FileStat.read(path, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isRegularFile()) {
        throw new NotFoundException("open " + key + ": not found in " + description);
      }
      ObjectInfo expected = listed != null ? listed : info(key, attrs, null);
      InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
      return new UnchangedWhileRead(in, path, expected.size(), expected.etag());
    } catch (NoSuchFileException e) {
      throw new NotFoundException("open " + key + ": not found in " + description);
    } catch (IOException e) {
      throw FsErrors.classify("open " + key, e);
    }
  }

  @Override
  public ObjectInfo put(String key, InputStream data, long size, ObjectMetadata metadata) {
    return put(key, data, size, metadata, ResumableWrite.NONE);
  }

  @Override
  public ObjectInfo put(
      String key, InputStream data, long size, ObjectMetadata metadata, ResumableWrite write) {
    return AtomicFileWrite.put(
        paths,
        description,
        key,
        data,
        size,
        metadata == null ? ObjectMetadata.EMPTY : metadata,
        write);
  }

  @Override
  public void abandon(String key, String uploadId) {
    AtomicFileWrite.abandon(paths, description, key);
  }

  @Override
  public List<DeleteFailure> delete(List<String> keys) {
    return FileDeletes.delete(paths, description, keys);
  }

  /** Ferry's temporary files anywhere under the root, which killed writes leave behind. */
  @Override
  public List<IncompleteUpload> incompleteUploads() {
    return tempFiles.incompleteUploads();
  }

  @Override
  public void abort(IncompleteUpload upload) {
    tempFiles.abort(upload);
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }

  /**
   * A listed file or directory (of size 0) whose name is not UTF-8. Its ETag marks it, so that
   * copying it is refused by name ({@link #metadataOf}) instead of failing as "not found".
   */
  private static ObjectInfo undecodable(KeyOrderWalk.Entry entry) {
    BasicFileAttributes attrs = entry.attributes();
    return new ObjectInfo(
        entry.key(),
        attrs.isDirectory() ? 0 : attrs.size(),
        attrs.isDirectory() ? UNDECODABLE_DIRECTORY : UNDECODABLE_FILE,
        attrs.lastModifiedTime().toInstant(),
        null,
        null,
        null);
  }

  @Override
  public void refuseUnreadable(ObjectInfo listed) {
    boolean directory = UNDECODABLE_DIRECTORY.equals(listed.etag());
    if (directory || UNDECODABLE_FILE.equals(listed.etag())) {
      throw new PermanentStorageException(
          "read "
              + listed.key()
              + ": the "
              + (directory ? "directory" : "file")
              + " name is not valid UTF-8 (bad bytes shown as \\xNN), so no key can name it"
              + (directory ? " or anything under it" : "")
              + "; rename it to UTF-8 (e.g. with convmv) to copy it");
    }
  }

  private static ObjectInfo info(
      String key, BasicFileAttributes attrs, FileMetadata.Stored stored) {
    return new ObjectInfo(
        key,
        attrs.size(),
        FileMetadata.etag(attrs),
        attrs.lastModifiedTime().toInstant(),
        stored == null ? null : stored.contentType(),
        stored == null ? null : stored.userMetadata(),
        stored == null ? null : stored.md5(),
        false, // cached by ferry beside bytes another program may have changed
        stored == null ? null : stored.headers());
  }
}

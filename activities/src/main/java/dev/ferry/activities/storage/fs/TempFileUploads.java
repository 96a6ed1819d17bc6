package dev.ferry.activities.storage.fs;

import dev.ferry.activities.storage.IncompleteUpload;
import dev.ferry.activities.storage.IncompleteUploads;
import dev.ferry.activities.storage.PermanentStorageException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ferry's temporary files under a root ({@value KeyPaths#TEMP_PREFIX}...), which a killed writer
 * leaves behind: each is an {@link IncompleteUpload} whose key is its path under the root, whose
 * upload id is its name, and whose start and size are its mtime and length. Symlinks are neither
 * followed nor listed, so nothing outside the root is seen or deleted.
 */
final class TempFileUploads implements IncompleteUploads {
  private final KeyPaths paths;
  private final String description;

  TempFileUploads(KeyPaths paths, String description) {
    this.paths = paths;
    this.description = description;
  }

  @Override
  public List<IncompleteUpload> incompleteUploads() {
    Path base;
    try {
      base = paths.root().toRealPath(); // the root itself may be a link the operator chose
    } catch (NoSuchFileException missing) {
      return List.of();
    } catch (IOException e) {
      throw FsErrors.classify("list temporary files of " + description, e);
    }
    List<IncompleteUpload> found = new ArrayList<>();
    try {
      Files.walkFileTree(base, new Finder(base, found));
    } catch (IOException e) {
      throw FsErrors.classify("list temporary files of " + description, e);
    }
    found.sort(
        Comparator.comparing(IncompleteUpload::initiated).thenComparing(IncompleteUpload::key));
    return found;
  }

  /**
   * Deletes the temporary file {@code upload} names; one already gone counts as deleted.
   *
   * @throws PermanentStorageException when the key is not a temporary file's path under the root,
   *     or a live writer holds the file
   */
  @Override
  public void abort(IncompleteUpload upload) {
    String key = upload.key();
    String name = key.substring(key.lastIndexOf('/') + 1);
    String dir = key.contains("/") ? key.substring(0, key.lastIndexOf('/')) : null;
    if (!name.startsWith(KeyPaths.TEMP_PREFIX)
        || !name.equals(upload.uploadId())
        || name.indexOf('\0') >= 0
        || dir != null && KeyPaths.problem(dir) != null) {
      throw new PermanentStorageException(
          description
              + ": '"
              + KeyPaths.printable(key)
              + "' is not one of ferry's temporary files under the root; nothing deleted");
    }
    Path path = paths.root().resolve(key);
    paths.requireNoSymlinkedParent(path, key);
    if (TempFile.heldByAWriter(path)) {
      throw new PermanentStorageException(
          description
              + ": '"
              + KeyPaths.printable(key)
              + "' is being written (its writer holds it); nothing deleted");
    }
    try {
      if (KeyPaths.isRegularFile(path)) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw FsErrors.classify("delete " + KeyPaths.printable(key) + " of " + description, e);
    }
  }

  /** Collects temporary files; skips what vanished meanwhile and what no key can name. */
  private static final class Finder implements FileVisitor<Path> {
    private final Path base;
    private final List<IncompleteUpload> found;

    Finder(Path base, List<IncompleteUpload> found) {
      this.base = base;
      this.found = found;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      boolean named = dir.equals(base) || !undecodable(dir);
      return named ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      String name = file.getFileName().toString();
      if (attrs.isRegularFile() && name.startsWith(KeyPaths.TEMP_PREFIX) && !undecodable(file)) {
        String key =
            base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        found.add(
            new IncompleteUpload(key, name, attrs.lastModifiedTime().toInstant(), attrs.size()));
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
      if (e instanceof NoSuchFileException) {
        return FileVisitResult.CONTINUE; // a writer finished or removed it meanwhile
      }
      throw e;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
      if (e != null && !(e instanceof NoSuchFileException)) {
        throw e;
      }
      return FileVisitResult.CONTINUE;
    }

    private static boolean undecodable(Path path) {
      return RawNames.undecodable(path.getParent(), path, path.getFileName().toString());
    }
  }
}

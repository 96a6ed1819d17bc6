package dev.ferry.worker.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A large test object that is never held in memory: {@code size} pseudo-random bytes from {@code
 * seed}, generated as they are read, the same on every run.
 */
record SeededObject(long size, long seed) {
  private static final int CHUNK = 1 << 20;

  /** A stream of the object's bytes. */
  InputStream open() {
    return new Generator(size, seed);
  }

  /** Writes the object to {@code file} (replacing it) and returns the SHA-256 of its bytes. */
  String writeTo(Path file) {
    try (InputStream in = digesting(open());
        OutputStream out = Files.newOutputStream(file)) {
      in.transferTo(out);
      return hex(((DigestInputStream) in).getMessageDigest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the object as {@code bucket/key} with the MinIO client; returns its SHA-256. */
  String writeTo(ObjectStore store, String bucket, String key) {
    DigestInputStream in = digesting(open());
    store.put(bucket, key, in, size);
    return hex(in.getMessageDigest());
  }

  /** The SHA-256 of {@code bytes}. */
  static String sha256(byte[] bytes) {
    try (InputStream in = digesting(new java.io.ByteArrayInputStream(bytes))) {
      in.transferTo(OutputStream.nullOutputStream());
      return hex(((DigestInputStream) in).getMessageDigest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SHA-256 of {@code file}'s bytes. */
  static String sha256(Path file) {
    try (InputStream in = digesting(Files.newInputStream(file))) {
      in.transferTo(OutputStream.nullOutputStream());
      return hex(((DigestInputStream) in).getMessageDigest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DigestInputStream digesting(InputStream in) {
    try {
      return new DigestInputStream(in, MessageDigest.getInstance("SHA-256"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Generates whole 1 MiB chunks, so the bytes do not depend on how the stream is read. */
  private static final class Generator extends InputStream {
    private final SplittableRandom random;
    private final byte[] chunk = new byte[CHUNK];
    private long remaining;
    private int position = CHUNK;

    Generator(long size, long seed) {
      this.random = new SplittableRandom(seed);
      this.remaining = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      if (position == CHUNK) {
        random.nextBytes(chunk);
        position = 0;
      }
      int n = (int) Math.min(Math.min(len, CHUNK - position), remaining);
      System.arraycopy(chunk, position, b, off, n);
      position += n;
      remaining -= n;
      return n;
    }
  }
}

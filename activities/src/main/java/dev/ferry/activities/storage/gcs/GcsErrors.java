package dev.ferry.activities.storage.gcs;

import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.LocationFaultException.Kind;
import dev.ferry.activities.storage.NetworkFaults;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageException;
import java.io.IOException;
import java.util.Locale;

/**
 * Turns what the Google Cloud client throws into the storage taxonomy, once. A bucket gone (a 404
 * where no object was named) and refused credentials (401 for sure, 403 unconfirmed) are faults of
 * the whole location ({@link LocationFaultException}). Messages carry the store's own reason and
 * HTTP status, never a credential: errors that could quote a credentials file are reported without
 * their cause.
 */
final class GcsErrors {
  private GcsErrors() {}

  /**
   * Classifies an error of {@code action} (e.g. {@code put a/b}) on the backend {@code
   * description}.
   *
   * @param keyMayBeMissing whether a 404 means the object is missing (a read); otherwise it means
   *     the bucket is, which retrying cannot fix
   */
  static StorageException classify(
      String description, String action, Throwable e, boolean keyMayBeMissing) {
    if (e instanceof StorageException already) {
      return already;
    }
    com.google.cloud.storage.StorageException gcs = gcsCause(e);
    String network = NetworkFaults.describe(e);
    if (network != null && fromTokenRequest(e)) {
      // The store may be up: what failed is the service-account key's token server.
      String said =
          network.contains("; check") ? network.substring(0, network.indexOf("; check")) : network;
      return new RetryableStorageException(
          description
              + ": "
              + action
              + ": getting an access token from the service-account key's token_uri: "
              + said
              + "; check token_uri in the key and that this machine reaches it",
          e);
    }
    if (network != null && (gcs == null || gcs.getCode() == 0)) {
      // Code 0: the request never got an HTTP answer.
      return new RetryableStorageException(description + ": " + action + ": " + network, e);
    }
    if (gcs == null) {
      if (e instanceof IOException || e.getCause() instanceof IOException) {
        return new RetryableStorageException(
            description + ": " + action + ": " + e.getMessage(), e);
      }
      return new PermanentStorageException(description + ": " + action + ": " + e.getMessage(), e);
    }
    int code = gcs.getCode();
    String reason = reason(gcs);
    String message = description + ": " + action + ": " + reason;
    if (code == 404) {
      return keyMayBeMissing
          ? new NotFoundException(message, gcs)
          : new LocationFaultException(
              Kind.GONE,
              description,
              description + ": " + action + ": bucket not found (HTTP 404: " + reason + ")",
              true,
              gcs);
    }
    if (code == 401 || code == 403) {
      // 401: the credentials fail for everything; 403 may be a grant that leaves out one object.
      return new LocationFaultException(Kind.CREDENTIALS, description, message, code == 401, gcs);
    }
    if (code == 400 && reason.toLowerCase(Locale.ROOT).contains("md5")) {
      return new ChecksumMismatchException(message, gcs);
    }
    if (code == 0 || code == 408 || code == 429 || code >= 500 || gcs.isRetryable()) {
      return new RetryableStorageException(message, gcs);
    }
    return new PermanentStorageException(message, gcs);
  }

  /**
   * As {@link #classify}, for an error of a resumable upload after its session started: a chunk
   * refused with 400 (not an MD5 mismatch) means the session lost track of what was sent, as after
   * a connection reset mid-chunk; the upload starts over on the retry, as any resumable upload
   * does, instead of failing the object for good.
   */
  static StorageException classifyResumed(String description, String action, Throwable e) {
    StorageException classified = classify(description, action, e, false);
    com.google.cloud.storage.StorageException gcs = gcsCause(e);
    if (classified instanceof PermanentStorageException && gcs != null && gcs.getCode() == 400) {
      return new RetryableStorageException(
          description
              + ": "
              + action
              + ": the upload session refused a chunk ("
              + reason(gcs)
              + "), as after a dropped connection; the upload starts over",
          gcs);
    }
    return classified;
  }

  /**
   * The error for credentials that cannot be read, naming where they came from; the parser's
   * message and cause are dropped because they may quote the key.
   */
  static PermanentStorageException badCredentials(String source) {
    return new PermanentStorageException(
        "gcs credentials from "
            + source
            + " are not a usable service-account JSON key; download a new key for the service"
            + " account, or fix the file");
  }

  /** Whether {@code e} comes from asking the credentials' token server for an access token. */
  private static boolean fromTokenRequest(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (StackTraceElement frame : t.getStackTrace()) {
        if (frame.getClassName().startsWith("com.google.auth.oauth2.")) {
          return true;
        }
      }
    }
    return false;
  }

  private static com.google.cloud.storage.StorageException gcsCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.google.cloud.storage.StorageException gcs) {
        return gcs;
      }
    }
    return null;
  }

  private static String reason(com.google.cloud.storage.StorageException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    if (e.getCode() <= 0) {
      return message;
    }
    String code = String.valueOf(e.getCode());
    // A batch's failure carries the status line itself ("500 Internal Server Error").
    return "HTTP " + (message.startsWith(code + " ") ? message : code + " " + message);
  }
}

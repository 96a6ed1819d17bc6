package dev.ferry.activities.storage.azure;

import com.azure.storage.blob.models.BlobStorageException;
import dev.ferry.activities.storage.ArchivedObjectException;
import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.LocationFaultException.Kind;
import dev.ferry.activities.storage.NetworkFaults;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * The one place where Azure client errors become the storage taxonomy.
 *
 * <p>Not found: {@code BlobNotFound}. Permanent: authentication and authorization failures, a
 * missing container, invalid names and requests, other 4xx. Faults of the whole container ({@link
 * LocationFaultException}): it is gone, or the credentials fail authentication (for sure) or are
 * refused (403, unconfirmed: a role may be scoped to some blobs). Retryable: 5xx, throttling (429,
 * {@code ServerBusy}), timeouts and connection-level I/O errors. Checksum mismatch: the service saw
 * other bytes than their {@code Content-MD5} says ({@code Md5Mismatch}), or the stream did not have
 * the expected MD5. Messages carry the HTTP status and the service's error code only; the client's
 * exception is not kept as the cause, since its message quotes the request URL, which can hold a
 * SAS token.
 */
final class AzureErrors {
  private static final Set<String> CHECKSUM_CODES = Set.of("Md5Mismatch", "InvalidMd5");

  /** Codes that refuse every request made with these credentials. */
  private static final Set<String> AUTH_CODES =
      Set.of(
          "AuthenticationFailed",
          "InvalidAuthenticationInfo",
          "NoAuthenticationInformation",
          "AccountIsDisabled");

  private AzureErrors() {}

  /**
   * Classifies {@code error}, raised while doing {@code what} (e.g. {@code "put k"}) against the
   * backend described by {@code where}, in {@code container}.
   */
  static StorageException classify(String where, String container, String what, Throwable error) {
    Throwable e = error;
    while ((e instanceof ExecutionException || e instanceof UncheckedIOException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    String prefix = where + ": " + what + ": ";
    if (e instanceof StorageException se) {
      return se;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DigestingInputStream.Mismatch) {
        return new ChecksumMismatchException(prefix + t.getMessage(), null);
      }
      if (t instanceof BlobStorageException bse) {
        return fromService(where, prefix, container, bse);
      }
    }
    if (e instanceof IllegalArgumentException) {
      return new PermanentStorageException(prefix + "refused by the client: " + safeName(e));
    }
    String network = NetworkFaults.describe(e);
    if (network != null) {
      return new RetryableStorageException(prefix + network, null);
    }
    if (e instanceof IOException || e.getCause() instanceof IOException) {
      return new RetryableStorageException(prefix + "I/O error: " + safeName(e), null);
    }
    return new RetryableStorageException(prefix + "unexpected error: " + safeName(e), null);
  }

  private static StorageException fromService(
      String where, String prefix, String container, BlobStorageException e) {
    int status = e.getStatusCode();
    String code = e.getErrorCode() == null ? "" : e.getErrorCode().toString();
    String message = prefix + "HTTP " + status + (code.isEmpty() ? "" : " " + code);
    if ("ContainerNotFound".equals(code)) {
      return new LocationFaultException(
          Kind.GONE,
          where,
          prefix + "container '" + container + "' does not exist; create it first",
          true,
          null);
    }
    if (status == 404) {
      return new NotFoundException(message, null);
    }
    if (CHECKSUM_CODES.contains(code) || isAzuriteMd5Mismatch(status, code, e)) {
      return new ChecksumMismatchException(message, null);
    }
    if (status == 401 || status == 403 || AUTH_CODES.contains(code)) {
      return new LocationFaultException(
          Kind.CREDENTIALS,
          where,
          message + " (check the profile's key, sasToken or connectionString)",
          AUTH_CODES.contains(code),
          null);
    }
    if (status >= 500 || status == 429 || status == 408 || "ServerBusy".equals(code)) {
      return new RetryableStorageException(message, null);
    }
    if ("BlobArchived".equals(code)) {
      return new ArchivedObjectException(
          message
              + ": the blob is in the Archive tier; rehydrate it (set its tier to Hot or Cool),"
              + " then copy it again",
          null);
    }
    if (code.startsWith("LeaseId")) {
      return new PermanentStorageException(
          message + ": the blob has an active lease; break or release it, then run again");
    }
    return new PermanentStorageException(message);
  }

  /**
   * Azurite answers a wrong {@code Content-MD5} with 400 {@code InvalidOperation} and the message
   * "Provided contentMD5 doesn't match." where Azure says {@code Md5Mismatch}. The message is only
   * matched, never quoted.
   */
  private static boolean isAzuriteMd5Mismatch(int status, String code, BlobStorageException e) {
    return status == 400
        && "InvalidOperation".equals(code)
        && e.getMessage() != null
        && e.getMessage().contains("contentMD5");
  }

  /** The exception's class and, for plain I/O errors only, its message (no URLs there). */
  private static String safeName(Throwable e) {
    String name = e.getClass().getSimpleName();
    if (e instanceof IOException && e.getMessage() != null && !e.getMessage().contains("?")) {
      return name + " " + e.getMessage();
    }
    return name;
  }
}

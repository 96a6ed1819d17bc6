package dev.ferry.activities.storage.s3;

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
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where S3 client errors become the storage taxonomy.
 *
 * <p>Not found: {@code NoSuchKey}. Permanent: access and signature problems, a missing or invalid
 * bucket, invalid keys and requests, other 4xx, and {@code NotImplemented} (501). Retryable: 5xx,
 * throttling ({@code SlowDown}, 429), timeouts, an upload aborted under its writer ({@code
 * NoSuchUpload}, {@code InvalidPart}) and any connection-level I/O error. Checksum mismatch: the
 * server saw other bytes than were sent, or the stream ended early. Faults of the whole bucket
 * ({@link LocationFaultException}): it is gone, full (507, {@code XMinioStorageFull}), over quota,
 * or refuses the credentials for sure ({@code InvalidAccessKeyId}, {@code ExpiredToken}, ...);
 * {@code AccessDenied}, {@code SignatureDoesNotMatch} and other 401/403s are such faults only
 * unconfirmed, since a policy on one prefix or a key the signer mangles refuses one object alone.
 * Messages carry the S3 error code and the server's short message, never request headers or the
 * HTTP trace (which hold credentials).
 */
final class S3Errors {
  private static final Set<String> RETRYABLE_CODES =
      Set.of(
          "InternalError",
          "ServiceUnavailable",
          "SlowDown",
          "Throttling",
          "ThrottlingException",
          "RequestTimeout",
          "RequestThrottled",
          "TooManyRequests",
          "OperationAborted",
          "XMinioServerNotInitialized",
          // The upload being written was aborted under the writer (ferry uploads --abort, another
          // tool, a lifecycle rule), or lost parts it stored (versitygw, when parts in flight
          // outlive the abort): a retry writes the object with a new upload.
          "NoSuchUpload",
          "InvalidPart");
  private static final Set<String> CHECKSUM_CODES =
      Set.of("BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch", "IncompleteBody");

  /** Codes that refuse every request made with these credentials. */
  private static final Set<String> CREDENTIAL_CODES =
      Set.of(
          "InvalidAccessKeyId",
          "ExpiredToken",
          "TokenRefreshRequired",
          "InvalidToken",
          "AccountProblem",
          "AllAccessDisabled",
          "NotSignedUp");

  private static final Set<String> QUOTA_CODES =
      Set.of("QuotaExceeded", "XMinioAdminBucketQuotaExceeded", "ServiceQuotaExceeded");

  /** Codes of a read or copy refused because the object is archived (GLACIER, DEEP_ARCHIVE). */
  private static final Set<String> ARCHIVED_CODES =
      Set.of("InvalidObjectState", "ObjectNotInActiveTierError");

  private static final String ARCHIVED_HINT =
      "; the object is archived (its storage class is read only once restored): restore it"
          + " (e.g. aws s3api restore-object), then copy it again";

  private static final String STORAGE_CLASS_HINT =
      "; the store does not take that storage class (AWS's are upper case, e.g. STANDARD_IA):"
          + " correct storageClass in this location's profile";

  private static final Pattern RESPONSE_CODE = Pattern.compile("Response code: (\\d{3})");

  private S3Errors() {}

  /**
   * Classifies {@code error}, raised while doing {@code what} (e.g. {@code "put b/k"}) against the
   * backend described by {@code where}.
   */
  static StorageException classify(String where, String what, Throwable error) {
    Throwable e = unwrap(error);
    String prefix = where + ": " + what + ": ";
    if (e instanceof StorageException se) {
      return se;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DigestingInputStream.Mismatch) {
        return new ChecksumMismatchException(prefix + t.getMessage(), e);
      }
    }
    if (e instanceof ErrorResponseException ere) {
      String code = ere.errorResponse().code();
      int status = ere.response() == null ? 0 : ere.response().code();
      String message =
          prefix
              + code
              + " ("
              + shortText(ere.errorResponse().message())
              + ")"
              + ("InvalidStorageClass".equals(code) ? STORAGE_CLASS_HINT : "");
      if (ARCHIVED_CODES.contains(code)) {
        return new ArchivedObjectException(message + ARCHIVED_HINT, e);
      }
      if ("NoSuchKey".equals(code)) {
        return new NotFoundException(prefix + "not found", e);
      }
      if ("NoSuchBucket".equals(code)) {
        // S3Proxy's error names no bucket; `where` names the location then.
        String bucket = ere.errorResponse().bucketName();
        return new LocationFaultException(
            Kind.GONE,
            where,
            prefix
                + (bucket == null ? "the bucket" : "bucket '" + bucket + "'")
                + " does not exist",
            true,
            e);
      }
      Kind whole = wholeBucketFault(code, status);
      if (whole != null) {
        boolean sure = whole != Kind.CREDENTIALS || CREDENTIAL_CODES.contains(code);
        return new LocationFaultException(whole, where, message, sure, e);
      }
      if ("NotImplemented".equals(code) || status == 501) {
        return new PermanentStorageException(message, e); // asking again will not implement it
      }
      if (CHECKSUM_CODES.contains(code)) {
        return new ChecksumMismatchException(message, e);
      }
      if (RETRYABLE_CODES.contains(code) || status >= 500 || status == 429 || status == 408) {
        return new RetryableStorageException(message, e);
      }
      return new PermanentStorageException(message, e);
    }
    if (e instanceof ServerException se) {
      int status = se.statusCode();
      String message = prefix + "HTTP " + status;
      if (status == 507) {
        return new LocationFaultException(Kind.NO_SPACE, where, message, true, e);
      }
      return status >= 500 || status == 429 || status == 408
          ? new RetryableStorageException(message, e)
          : new PermanentStorageException(message, e);
    }
    if (e instanceof InvalidResponseException) {
      Matcher m = RESPONSE_CODE.matcher(String.valueOf(e.getMessage()));
      int status = m.find() ? Integer.parseInt(m.group(1)) : 0;
      boolean transientStatus = status >= 500 || status == 429 || status == 408;
      String message =
          prefix
              + "HTTP "
              + status
              + " without an S3 error body"
              + (transientStatus ? "" : "; is the endpoint an S3 server?");
      return transientStatus
          ? new RetryableStorageException(message, e)
          : new PermanentStorageException(message, e);
    }
    if (e instanceof InsufficientDataException) {
      return new ChecksumMismatchException(prefix + "the stream ended before its declared size", e);
    }
    if (e instanceof IllegalArgumentException) {
      return new PermanentStorageException(
          prefix + "invalid request (" + shortText(e.getMessage()) + ")", e);
    }
    String network = NetworkFaults.describe(e);
    if (network != null) {
      return new RetryableStorageException(prefix + network, e);
    }
    Throwable io = findIo(e);
    if (io != null) {
      return new RetryableStorageException(
          prefix + io.getClass().getSimpleName() + " (" + shortText(io.getMessage()) + ")", e);
    }
    String text = e.getMessage() == null ? "" : " (" + shortText(e.getMessage()) + ")";
    return new RetryableStorageException(prefix + e.getClass().getSimpleName() + text, e);
  }

  /** The fault of the whole bucket that an S3 error code or HTTP status names, or null. */
  private static Kind wholeBucketFault(String code, int status) {
    if (status == 507 || "XMinioStorageFull".equals(code)) {
      return Kind.NO_SPACE;
    }
    if (QUOTA_CODES.contains(code)) {
      return Kind.QUOTA;
    }
    if (CREDENTIAL_CODES.contains(code)
        || "AccessDenied".equals(code)
        || "SignatureDoesNotMatch".equals(code)
        || status == 401
        || status == 403) {
      return Kind.CREDENTIALS;
    }
    return null;
  }

  /**
   * Waits for {@code future}; its failure classified as one of {@code what} against {@code where}.
   */
  static <T> T await(String where, CompletableFuture<T> future, String what) {
    try {
      return future.join();
    } catch (RuntimeException e) {
      throw classify(where, what, e);
    }
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    // The client wraps I/O failures of its own steps (reading a part) in a plain MinioException.
    if (t.getClass() == io.minio.errors.MinioException.class && t.getCause() != null) {
      Throwable cause = unwrap(t.getCause());
      if (cause instanceof StorageException || cause instanceof IOException) {
        return cause;
      }
    }
    return t;
  }

  private static Throwable findIo(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return t;
      }
    }
    return null;
  }

  private static String shortText(String text) {
    if (text == null) {
      return "no message";
    }
    String line = text.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}

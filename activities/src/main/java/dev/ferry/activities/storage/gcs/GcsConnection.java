package dev.ferry.activities.storage.gcs;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageClass;
import com.google.cloud.storage.StorageOptions;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.SlowSends;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/**
 * One profile's client: the credentials read once, the JSON (HTTP) transport, and the chunk size
 * uploads use. Shared by every backend on the profile; building it makes no request.
 */
final class GcsConnection implements AutoCloseable {
  /** Attempts per request inside the client, the first one included. */
  private static final int RETRY_ATTEMPTS = 3;

  private final Storage storage;
  private final String endpoint;
  private final int chunkSize;
  private final StorageClass storageClass;
  private final ExecutorService senders = SlowSends.senders("ferry-gcs");

  private GcsConnection(
      Storage storage, String endpoint, int chunkSize, StorageClass storageClass) {
    this.storage = storage;
    this.endpoint = endpoint;
    this.storageClass = storageClass;
    this.chunkSize = chunkSize;
  }

  /**
   * A client for {@code profile}: credentials from its {@code credentials} file or {@code
   * credentialsJson}, none with an {@code endpoint} and neither (a local emulator), else the
   * environment's application default credentials.
   *
   * @throws dev.ferry.activities.storage.PermanentStorageException when the credentials cannot be
   *     read, without quoting them
   */
  static GcsConnection create(BackendProfile profile) {
    String endpoint = profile.text("endpoint");
    Credentials credentials;
    String project = profile.text("project");
    if (profile.has("credentials") || profile.has("credentialsJson")) {
      ServiceAccountCredentials account = serviceAccount(profile);
      credentials = account;
      if (project == null) {
        project = account.getProjectId();
      }
    } else if (endpoint != null) {
      credentials = NoCredentials.getInstance();
    } else {
      try {
        credentials = GoogleCredentials.getApplicationDefault();
      } catch (IOException e) {
        throw GcsErrors.badCredentials("the environment (application default credentials)");
      }
    }
    StorageOptions.Builder options =
        StorageOptions.http()
            .setCredentials(credentials)
            .setTransportOptions(new GcsTransport())
            // A few quick tries for a blip; Temporal's retry policy owns the longer waits.
            .setRetrySettings(
                StorageOptions.getDefaultRetrySettings().toBuilder()
                    .setMaxAttempts(RETRY_ATTEMPTS)
                    .build());
    if (endpoint != null) {
      options.setHost(endpoint.replaceAll("/+$", ""));
      if (project == null) {
        // An emulator needs no project; naming one keeps the client from looking for it.
        project = "ferry";
      }
    }
    if (project != null) {
      options.setProjectId(project);
    }
    return new GcsConnection(
        options.build().getService(),
        endpoint,
        Math.toIntExact(profile.number("chunkSize")),
        profile.has("storageClass")
            ? StorageClass.valueOfStrict(profile.text("storageClass").toUpperCase(Locale.ROOT))
            : null);
  }

  private static ServiceAccountCredentials serviceAccount(BackendProfile profile) {
    Path file = profile.path("credentials");
    String source = file != null ? "file " + file : "credentialsJson";
    if (file != null && !Files.isRegularFile(file)) {
      // Not the key's fault: say so, not "not a usable key" (which reads like a damaged file).
      throw new PermanentStorageException(
          "gcs credentials file "
              + file
              + (Files.exists(file) ? " is not a file" : " does not exist")
              + "; fix the path in profile '"
              + profile.name()
              + "' (credentials:)");
    }
    try (InputStream in =
        file != null
            ? Files.newInputStream(file)
            : new ByteArrayInputStream(
                profile.text("credentialsJson").getBytes(StandardCharsets.UTF_8))) {
      return ServiceAccountCredentials.fromStream(in);
    } catch (IOException | RuntimeException e) {
      // The parser's message may quote the key; only the source is named.
      throw GcsErrors.badCredentials(source);
    }
  }

  Storage storage() {
    return storage;
  }

  /** The profile's endpoint, or null for Google's. */
  String endpoint() {
    return endpoint;
  }

  /** The class objects written here get, or null: the bucket's default. */
  StorageClass storageClass() {
    return storageClass;
  }

  /** Bytes per upload request: one request up to it, resumable chunks of it above. */
  int chunkSize() {
    return chunkSize;
  }

  /** Threads that send chunks while the writing thread tells how the write goes. */
  ExecutorService senders() {
    return senders;
  }

  @Override
  public void close() {
    senders.shutdownNow();
    try {
      storage.close();
    } catch (Exception e) {
      // Closing releases pooled connections; nothing to report.
    }
  }
}

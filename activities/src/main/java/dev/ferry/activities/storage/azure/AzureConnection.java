package dev.ferry.activities.storage.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.core.util.SharedExecutorService;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.NoDelaySocketFactory;
import dev.ferry.activities.storage.SlowSends;
import dev.ferry.activities.storage.TagsOption;
import dev.ferry.activities.storage.TransferDispatchers;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * What every backend on one {@code type: azure} profile shares: a service client on one OkHttp
 * connection pool, the block size, and the threads that stage blocks. Makes no request when
 * created; {@link #close()} stops the threads.
 */
final class AzureConnection implements AutoCloseable {

  static {
    // The SDK times each request out on its shared scheduler, which its own shutdown hook stops: a
    // worker told to stop (SIGTERM) then failed every Azure request in flight at once ("Shutdown in
    // progress" when the SDK made a new scheduler) instead of finishing them within its grace.
    // This one has no hook; its daemon threads end with the JVM.
    SharedExecutorService.getInstance()
        .setExecutorService(
            Executors.newScheduledThreadPool(
                2,
                r -> {
                  Thread t = new Thread(r, "ferry-azure-timeouts");
                  t.setDaemon(true);
                  return t;
                }));
  }

  private final BlobServiceClient client;
  private final String endpoint;
  private final long blockSize;
  private final boolean copiesTags;
  private final AccessTier accessTier;
  private final ExecutorService workers;

  private AzureConnection(
      BlobServiceClient client,
      String endpoint,
      long blockSize,
      boolean copiesTags,
      AccessTier accessTier) {
    this.client = client;
    this.endpoint = endpoint;
    this.blockSize = blockSize;
    this.copiesTags = copiesTags;
    this.accessTier = accessTier;
    this.workers = SlowSends.senders("ferry-azure");
  }

  /**
   * A connection for {@code profile}, which names exactly one way of authenticating.
   *
   * @throws IllegalArgumentException naming the profile when the client refuses its settings (the
   *     client's own message is left out: it can quote the connection string)
   */
  static AzureConnection create(BackendProfile profile) {
    try {
      return build(profile);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "profile '"
              + profile.name()
              + "': the Azure client refuses its settings ("
              + e.getClass().getSimpleName()
              + "); check account, endpoint and the credential");
    }
  }

  private static AzureConnection build(BackendProfile profile) {
    String account = profile.text("account");
    String endpoint =
        profile.has("endpoint")
            ? profile.text("endpoint").replaceAll("/+$", "")
            : "https://" + account + ".blob.core.windows.net";
    // The SDK's blocking calls run on OkHttp's dispatcher: by default 5 per host, which held a
    // worker's Azure transfers to 5 at any concurrency.
    // Asking for identity stops OkHttp from unzipping, unasked, a blob stored with
    // Content-Encoding: gzip: its stored bytes are what is copied and checked.
    HttpClient http =
        new OkHttpAsyncHttpClientBuilder(
                new OkHttpClient.Builder()
                    .socketFactory(new NoDelaySocketFactory())
                    .addInterceptor(
                        chain ->
                            chain.proceed(
                                chain.request().header("Accept-Encoding") != null
                                    ? chain.request()
                                    : chain
                                        .request()
                                        .newBuilder()
                                        .header("Accept-Encoding", "identity")
                                        .build()))
                    .build())
            .dispatcher(TransferDispatchers.create())
            .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
            .build();
    // Temporal retries activities; the client retries a little within one attempt.
    RequestRetryOptions retries =
        new RequestRetryOptions(
            RetryPolicyType.EXPONENTIAL,
            3,
            Duration.ofMinutes(10),
            Duration.ofMillis(500),
            Duration.ofSeconds(10),
            null);
    BlobServiceClientBuilder builder =
        new BlobServiceClientBuilder().httpClient(http).retryOptions(retries);
    if (profile.has("connectionString")) {
      builder.connectionString(profile.text("connectionString"));
      if (profile.has("endpoint")) {
        builder.endpoint(endpoint);
      }
    } else {
      builder.endpoint(endpoint);
      if (profile.has("key")) {
        builder.credential(new StorageSharedKeyCredential(account, profile.text("key")));
      } else if (profile.has("sasToken")) {
        builder.sasToken(profile.text("sasToken"));
      }
    }
    long blockSize = profile.number("blockSize");
    return new AzureConnection(
        builder.buildClient(),
        endpoint,
        blockSize > 0 ? blockSize : AzureType.DEFAULT_BLOCK_SIZE,
        TagsOption.copies(profile),
        accessTier(profile.text("accessTier")));
  }

  /** The tier called {@code name} in any case (options are lower case), or null for none. */
  private static AccessTier accessTier(String name) {
    return name == null
        ? null
        : AccessTier.values().stream()
            .filter(tier -> tier.toString().equalsIgnoreCase(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no access tier " + name));
  }

  BlobServiceClient client() {
    return client;
  }

  /** The service URL, without credentials. */
  String endpoint() {
    return endpoint;
  }

  long blockSize() {
    return blockSize;
  }

  /**
   * Whether blob index tags are read from this account and written into it ({@code tags: copy}).
   */
  boolean copiesTags() {
    return copiesTags;
  }

  /** The tier blobs written here get ({@code x-ms-access-tier}), or null: the account's default. */
  AccessTier accessTier() {
    return accessTier;
  }

  /** Threads for blocks in flight and parallel deletes; callers bound their own concurrency. */
  ExecutorService workers() {
    return workers;
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}

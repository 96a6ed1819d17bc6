package dev.ferry.activities.storage.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.BackendType;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.azure.AzureType;
import dev.ferry.activities.storage.gcs.GcsType;
import dev.ferry.activities.storage.s3.S3Type;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A store that cannot be reached, through each cloud backend's real client: the reason reads as a
 * person would say it, never as an exception class ("I/O error: RuntimeException" was Azure's).
 */
class UnreachableEndpointTest {
  // Azurite's well-known development key: not a secret.
  private static final String AZURITE_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  static Stream<Arguments> backends() throws IOException {
    int closed = closedPort();
    Function<String, BackendProfile> s3 =
        endpoint -> S3Type.profile("s3", endpoint, "us-east-1", "access", "secret-key-1");
    Function<String, BackendProfile> azure =
        endpoint ->
            AzureType.profile(
                "az", "devstoreaccount1", AZURITE_KEY, endpoint + "/devstoreaccount1", 0);
    Function<String, BackendProfile> gcs = endpoint -> GcsType.emulatorProfile("gs", endpoint, 0);
    return Stream.of(s3, azure, gcs)
        .flatMap(
            profile ->
                Stream.of(
                    Arguments.of(
                        profile.apply("http://nosuchhost.invalid:9000"),
                        "no host is named 'nosuchhost.invalid'; check the endpoint"),
                    Arguments.of(
                        profile.apply("http://127.0.0.1:" + closed), "could not connect")));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void listingSaysWhyInWords(BackendProfile profile, String expected) throws Exception {
    try (BackendType.Connected connected = profile.type().connect(profile)) {
      StorageBackend backend = connected.open("some-bucket", "", "store:some-bucket");
      RetryableStorageException e =
          assertThrows(RetryableStorageException.class, () -> backend.list(null, null, 10));
      assertTrue(e.getMessage().contains(expected), e.getMessage());
      assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

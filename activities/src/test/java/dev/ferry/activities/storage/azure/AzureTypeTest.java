package dev.ferry.activities.storage.azure;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.registry.BackendRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AzureTypeTest {
  private static final BackendProfile PROFILE =
      BackendProfile.of("az", AzureType.TYPE, Map.of("account", "a", "key", "a2V5"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "my-container-1",
        "0ab",
        "a1-b2-c3",
        "a23456789012345678901234567890123456789012345678901234567890123"
      })
  void validContainerNames(String name) {
    assertDoesNotThrow(() -> AzureType.TYPE.checkLocation(PROFILE, name, ""));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ab",
        "Upper",
        "a--b",
        "-ab",
        "ab-",
        "a_b",
        "a.b",
        "a234567890123456789012345678901234567890123456789012345678901234"
      })
  void invalidContainerNamesAreOneClearLine(String name) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> AzureType.TYPE.checkLocation(PROFILE, name, ""));
    assertTrue(e.getMessage().startsWith("container name '" + name + "' is not valid"));
    assertEquals(1, e.getMessage().lines().count());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"http://127.0.0.1:10000", "http://localhost:10000/", "http://[::1]:10000"})
  void anEmulatorEndpointWithoutTheAccountIsNamed(String endpoint) {
    // Before: accepted, and every request failed with Azurite's 400 OutOfRangeInput.
    BackendProfile p =
        BackendProfile.of(
            "az",
            AzureType.TYPE,
            Map.of("account", "devstoreaccount1", "key", "a2V5", "endpoint", endpoint));
    assertEquals(1, p.problems().size(), p.problems().toString());
    assertTrue(
        p.problems()
            .get(0)
            .contains(
                "names no account; an emulator's endpoint ends with it, e.g. "
                    + endpoint.replaceAll("/+$", "")
                    + "/devstoreaccount1"),
        p.problems().toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:10000/devstoreaccount1",
        "https://mydata.blob.core.windows.net",
        "https://files.example.com"
      })
  void endpointsThatNameTheAccountOrACustomDomainPass(String endpoint) {
    BackendProfile p =
        BackendProfile.of(
            "az", AzureType.TYPE, Map.of("account", "mydata", "key", "a2V5", "endpoint", endpoint));
    assertEquals(List.of(), p.problems());
  }

  @org.junit.jupiter.api.Test
  void registeredOnce() {
    assertEquals(AzureType.TYPE, BackendRegistry.find("azure").orElseThrow());
    assertEquals(1, BackendRegistry.types().stream().filter(t -> t.name().equals("azure")).count());
    assertEquals(List.of(), PROFILE.problems());
  }
}

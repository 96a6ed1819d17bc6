package dev.ferry.activities.storage.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.testing.AzuriteServer;
import dev.ferry.activities.testing.Eventually;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.Requests;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.MigrationWorkflow;
import dev.ferry.workflows.Mode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The look a resume takes at an Azure destination counts the objects of the pass's finished ranges
 * as copy counted them. Azurite lists keys in UTF-16 order, where a character beyond U+FFFF sorts
 * before U+FFFD and U+FFFF after it, unlike the key order of ranges: a look that missed such keys
 * would copy the whole pass again for nothing.
 */
@Timeout(120)
class AzureResumeLookTest {
  @RegisterExtension static final AzuriteServer SERVER = new AzuriteServer();

  private final MigrationTestEnv env = new MigrationTestEnv();
  private AzureConnection connection;

  @AfterEach
  void tearDown() {
    env.close();
    if (connection != null) {
      connection.close();
    }
  }

  @Test
  void aResumeFindsKeysAzureListsOutOfOrderAndCopiesNothingAgain() {
    MemoryBackend source = env.backend("mem:in", new MemoryBackend("src"));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // Each range of five holds keys that Azurite lists in another order than the ranges.
      keys.add("d" + i + "/\uFFFD");
      keys.add("d" + i + "/\uD83D\uDE00");
      keys.add("d" + i + "/\uFFFF");
      keys.add("d" + i + "/plain");
    }
    for (String key : keys) {
      source.putBytes(key, key.getBytes(StandardCharsets.UTF_8), ObjectMetadata.EMPTY);
    }
    source.intercept(
        (op, key) -> {
          if (op.equals("open")) {
            sleep(40); // time to pause between the ranges
          }
        });
    connection = AzureConnection.create(SERVER.profile("az", 0));
    SERVER.createContainer("look");
    env.backend("az:look", AzureBackend.create(connection, "look", "", "azure az:look"));
    env.start();

    MigrationWorkflow wf =
        env.startMigration("look-az", Requests.quick("mem:in", "az:look", Mode.COPY, 5));
    Eventually.await(wf::progress, p -> p.objectsCopied() >= 10);
    wf.pause("maintenance");
    Eventually.await(wf::progress, p -> p.state() == MigrationState.PAUSED);
    sleep(1_000); // the activities running at the pause end
    long before = wf.progress().objectsCopied();
    assertTrue(before < keys.size(), "paused part-way: " + before);
    source.intercept(null);
    wf.resume();

    MigrationProgress done = env.result("look-az").progress();
    assertEquals(MigrationState.COMPLETED, done.state(), done.toString());
    assertEquals(1, done.pass(), "not copied again: " + done);
    assertEquals(keys.size(), done.objectsCopied(), done.toString());
    assertEquals(0, done.objectsSkipped() + done.objectsFailed(), done.toString());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.MotoServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dot-segment and {@code //} keys against moto, which holds every such key as it is. */
class MotoExactKeysTest extends S3ExactKeysContract {
  @RegisterExtension static final MotoServer SERVER = new MotoServer();

  MotoExactKeysTest() {
    super(SERVER);
  }

  /** moto's URL routing answers a key with a newline with an HTML 404. */
  @Override
  protected boolean holdsLineFeedKeys() {
    return false;
  }
}

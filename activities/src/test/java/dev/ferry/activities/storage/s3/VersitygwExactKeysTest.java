package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.VersitygwServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dot-segment and {@code //} keys against versitygw, which resolves them in its HTTP layer. */
class VersitygwExactKeysTest extends S3ExactKeysContract {
  @RegisterExtension static final VersitygwServer SERVER = new VersitygwServer();

  VersitygwExactKeysTest() {
    super(SERVER);
  }

  /** A PUT of {@code a/../b} sent exactly is stored as {@code b}. */
  @Override
  protected boolean keepsPaths() {
    return false;
  }
}

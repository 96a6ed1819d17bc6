package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.MotoServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The S3 conformance suite against moto, an in-memory S3 written in Python. */
class MotoBackendTest extends S3BackendContractTest {
  @RegisterExtension static final MotoServer SERVER = new MotoServer();

  MotoBackendTest() {
    super(SERVER);
  }

  /** moto's URL routing answers a key with a newline with an HTML 404. */
  @Override
  protected boolean holdsNewlines() {
    return false;
  }
}

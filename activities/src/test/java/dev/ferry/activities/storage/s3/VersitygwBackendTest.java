package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.VersitygwServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The S3 conformance suite against versitygw's posix backend. */
class VersitygwBackendTest extends S3BackendContractTest {
  @RegisterExtension static final VersitygwServer SERVER = new VersitygwServer();

  VersitygwBackendTest() {
    super(SERVER);
  }

  /**
   * Long names fail with ExistingObjectIsDirectory; {@code /at-root} is kept as {@code at-root}.
   */
  @Override
  protected boolean storesObjectsAsFiles() {
    return true;
  }
}

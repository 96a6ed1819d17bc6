package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.S3ProxyServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The S3 conformance suite against S3Proxy's filesystem-nio2 blob store. */
class S3ProxyBackendTest extends S3BackendContractTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  S3ProxyBackendTest() {
    super(S3);
  }

  /** Long names fail with InternalError; a leading {@code /} at the root with InvalidRequest. */
  @Override
  protected boolean storesObjectsAsFiles() {
    return true;
  }

  /** {@code StartAfter=k\uFFFD} leaves out {@code k\uD83D\uDE00}: it compares in UTF-16. */
  @Override
  protected boolean comparesPointsInUtf8Order() {
    return false;
  }
}

package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.MinioServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The S3 conformance suite against MinIO; skipped unless a {@code minio} binary is on the PATH. */
class MinioBackendTest extends S3BackendContractTest {
  @RegisterExtension static final MinioServer MINIO = new MinioServer();

  MinioBackendTest() {
    super(MINIO);
  }
}

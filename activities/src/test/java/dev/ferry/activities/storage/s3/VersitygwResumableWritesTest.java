package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.VersitygwServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Continuing interrupted uploads on Versitygw. */
class VersitygwResumableWritesTest extends S3ResumableWritesContract {
  @RegisterExtension static final VersitygwServer SERVER = new VersitygwServer();

  VersitygwResumableWritesTest() {
    super(SERVER, "resume-versitygw");
  }
}

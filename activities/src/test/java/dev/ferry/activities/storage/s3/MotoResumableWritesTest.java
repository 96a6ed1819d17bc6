package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.MotoServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Continuing interrupted uploads on Moto. */
class MotoResumableWritesTest extends S3ResumableWritesContract {
  @RegisterExtension static final MotoServer SERVER = new MotoServer();

  MotoResumableWritesTest() {
    super(SERVER, "resume-moto");
  }
}

package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import org.junit.jupiter.api.Test;

/**
 * The answers of queries, read by a CLI older than the worker that gave them: a field added since
 * is passed over, not a failure of the whole answer (as Temporal's JSON reading makes it).
 */
class QueryResultsTest {
  private static final DataConverter JSON = DefaultDataConverter.STANDARD_INSTANCE;

  private static <T> T read(String json, Class<T> type) {
    Payload payload =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFromUtf8(json))
            .build();
    return JSON.fromPayload(payload, type, type);
  }

  @Test
  void fieldsAddedByANewerWorkerArePassedOver() {
    MigrationProgress p =
        read(
            "{\"id\":\"m\",\"state\":\"RUNNING\",\"objectsTotal\":3,\"addedLater\":1}",
            MigrationProgress.class);
    assertEquals("m", p.id());
    assertEquals(3, p.objectsTotal());
    FailuresPage page =
        read(
            "{\"offset\":0,\"total\":1,\"failures\":[{\"key\":\"k\",\"addedLater\":true}],"
                + "\"addedLater\":2}",
            FailuresPage.class);
    assertEquals("k", page.failures().get(0).key());
    MigrationReport report =
        read(
            "{\"progress\":{\"id\":\"m\",\"lastPass\":{\"pass\":2,\"addedLater\":0}},"
                + "\"message\":\"done\",\"addedLater\":3}",
            MigrationReport.class);
    assertEquals(2, report.progress().lastPass().pass());
  }
}

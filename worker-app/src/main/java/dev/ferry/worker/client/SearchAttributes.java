package dev.ferry.worker.client;

import dev.ferry.workflows.FerryNames;
import dev.ferry.workflows.MigrationState;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure {@code FerryState} (Keyword) and {@code FerryPercent} (Double) exist before a
 * migration may upsert them: upserting an unregistered attribute wedges a workflow forever.
 */
public final class SearchAttributes {
  private static final Map<String, IndexedValueType> WANTED =
      Map.of(
          FerryNames.SEARCH_ATTRIBUTE_STATE, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          FerryNames.SEARCH_ATTRIBUTE_PERCENT, IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE);

  /** The state a migration last published. */
  public static final SearchAttributeKey<String> STATE =
      SearchAttributeKey.forKeyword(FerryNames.SEARCH_ATTRIBUTE_STATE);

  /** The percent done a migration last published. */
  public static final SearchAttributeKey<Double> PERCENT =
      SearchAttributeKey.forDouble(FerryNames.SEARCH_ATTRIBUTE_PERCENT);

  /** Keyword naming the migration a {@code ferry retry} retries; carried over continue-as-new. */
  public static final String RETRY_OF = "FerryRetryOf";

  private static final Map<String, IndexedValueType> RETRY_WANTED =
      Map.of(RETRY_OF, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);

  private SearchAttributes() {}

  /**
   * The search attributes a migration starts with: {@code FerryState} PENDING until a worker runs
   * it (when {@code state}), and for a retry the migration it retries (or null).
   */
  static io.temporal.common.SearchAttributes atStart(boolean state, String retryOf) {
    io.temporal.common.SearchAttributes.Builder attributes =
        io.temporal.common.SearchAttributes.newBuilder();
    if (state) {
      attributes.set(STATE, MigrationState.PENDING.name());
    }
    if (retryOf != null) {
      attributes.set(SearchAttributeKey.forKeyword(RETRY_OF), retryOf);
    }
    return attributes.build();
  }

  /** The percent done {@code info}'s workflow last published, or null when it published none. */
  public static Double lastPercent(WorkflowExecutionInfo info) {
    return new WorkflowExecutionMetadata(info, DefaultDataConverter.STANDARD_INSTANCE)
        .getTypedSearchAttributes()
        .get(PERCENT);
  }

  /** Like {@link #ensure(WorkflowServiceStubs, String, String)}, for {@link #RETRY_OF}. */
  static boolean ensureRetryOf(WorkflowServiceStubs stubs, String namespace, String apiKey) {
    return ensure(stubs, namespace, apiKey, RETRY_WANTED);
  }

  /**
   * Checks the namespace's custom attributes and registers the missing ones where the server allows
   * it.
   *
   * @return true when both attributes are registered with the right types
   */
  static boolean ensure(WorkflowServiceStubs stubs, String namespace, String apiKey) {
    return ensure(stubs, namespace, apiKey, WANTED);
  }

  private static boolean ensure(
      WorkflowServiceStubs stubs,
      String namespace,
      String apiKey,
      Map<String, IndexedValueType> wanted) {
    OperatorServiceStubsOptions.Builder options =
        OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel());
    if (apiKey != null) {
      options.addApiKey(() -> apiKey);
    }
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(options.validateAndBuildWithDefaults());
    try {
      Map<String, IndexedValueType> present = list(operator, namespace);
      AddSearchAttributesRequest.Builder add =
          AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
      for (var want : wanted.entrySet()) {
        IndexedValueType type = present.get(want.getKey());
        if (type == null) {
          add.putSearchAttributes(want.getKey(), want.getValue());
        } else if (type != want.getValue()) {
          return false; // registered with another type: never upsert it
        }
      }
      if (add.getSearchAttributesCount() == 0) {
        return true;
      }
      operator
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .addSearchAttributes(add.build());
      for (int i = 0; i < 20; i++) {
        Map<String, IndexedValueType> now = list(operator, namespace);
        if (wanted.entrySet().stream().allMatch(w -> w.getValue() == now.get(w.getKey()))) {
          return true;
        }
        Thread.sleep(250);
      }
      return false;
    } catch (StatusRuntimeException e) {
      return false; // not allowed here (e.g. hosted Temporal): run without them
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      operator.shutdownNow();
    }
  }

  /** The hint printed when the attributes are missing and could not be registered. */
  public static String hint(String namespace) {
    return "ferry: search attributes FerryState/FerryPercent are not registered in namespace '"
        + namespace
        + "' (ferry list --state and UI filtering are off); register them with: temporal"
        + " operator search-attribute create --namespace "
        + namespace
        + " --name FerryState --type Keyword --name FerryPercent --type Double";
  }

  private static Map<String, IndexedValueType> list(OperatorServiceStubs operator, String ns) {
    return operator
        .blockingStub()
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(ns).build())
        .getCustomAttributesMap();
  }
}

package dev.ferry.worker.host;

import com.uber.m3.tally.Scope;
import dev.ferry.workflows.RangeResult;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;

/**
 * Ferry's own worker metrics, counted from the {@link RangeResult} each range activity returns:
 * {@code ferry_objects_copied}, {@code ferry_objects_skipped}, {@code ferry_objects_failed}, {@code
 * ferry_objects_deleted} and {@code ferry_bytes_copied}, on the activity's metrics scope (so they
 * carry its task queue and activity type tags, and reach Prometheus next to the SDK's metrics).
 *
 * <p>They count events on this worker: an object copied and later rejected by verification counts
 * once as copied and once as failed. The workflow's progress query stays the exact ledger.
 */
public final class RangeMetrics extends WorkerInterceptorBase {
  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private Scope scope;

      @Override
      public void init(ActivityExecutionContext context) {
        scope = context.getMetricsScope();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        ActivityOutput output = super.execute(input);
        if (scope != null && output.getResult() instanceof RangeResult r) {
          record(scope, r);
        }
        return output;
      }
    };
  }

  static void record(Scope scope, RangeResult r) {
    scope.counter("ferry_objects_copied").inc(r.copied());
    scope.counter("ferry_objects_skipped").inc(r.skipped());
    scope
        .counter("ferry_objects_failed")
        .inc(r.failed() + r.rejectedCopied() + r.rejectedSkipped());
    scope.counter("ferry_objects_deleted").inc(r.deleted());
    scope.counter("ferry_bytes_copied").inc(r.bytesCopied());
  }
}

package dev.ferry.worker.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Walks an exception's causes: the SDK wraps the failure that explains a call several deep. */
public final class Causes {
  private Causes() {}

  /**
   * Whether {@code e} or a cause of it says Temporal could not be reached ({@code UNAVAILABLE}).
   */
  public static boolean unavailable(Throwable e) {
    StatusRuntimeException status = first(e, StatusRuntimeException.class);
    return status != null && status.getStatus().getCode() == Status.Code.UNAVAILABLE;
  }

  /** The first of {@code e} and its causes that is a {@code type}, or null. */
  static <T extends Throwable> T first(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}

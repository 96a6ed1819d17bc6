package dev.ferry.worker.client;

/** Walks an exception's causes: the SDK wraps the failure that explains a call several deep. */
final class Causes {
  private Causes() {}

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

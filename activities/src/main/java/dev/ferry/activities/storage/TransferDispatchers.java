package dev.ferry.activities.storage;

import okhttp3.Dispatcher;

/**
 * OkHttp dispatchers for clients that carry a worker's transfers. OkHttp's default allows 5
 * concurrent calls per host, which serializes every transfer of a worker behind 5 requests to one
 * store (with 32 activity slots, 27 wait); the limit here is far above the transfers a worker runs,
 * which Temporal's slots already bound.
 */
public final class TransferDispatchers {
  /** Concurrent calls one client allows, in all and to one host. */
  public static final int MAX_CONCURRENT_REQUESTS = 1024;

  private TransferDispatchers() {}

  /** A dispatcher that lets every transfer of a worker have its request in flight. */
  public static Dispatcher create() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(MAX_CONCURRENT_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_CONCURRENT_REQUESTS);
    return dispatcher;
  }
}

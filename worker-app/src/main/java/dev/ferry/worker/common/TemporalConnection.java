package dev.ferry.worker.common;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.concurrent.TimeUnit;

/**
 * Stubs to a Temporal frontend together with the network threads that serve them, so that closing
 * one stops both. gRPC's shared event loop would outlive the stubs, and the JVM waits about 300 ms
 * at exit for any thread still inside native code, such as an idle event loop: a third of what a
 * short command like {@code ferry status} takes.
 */
public final class TemporalConnection implements AutoCloseable {
  private final WorkflowServiceStubs stubs;
  private final EventLoopGroup loop;

  public TemporalConnection(WorkflowServiceStubs stubs, EventLoopGroup loop) {
    this.stubs = stubs;
    this.loop = loop;
  }

  /** A new event loop, and the options set to run their channel on it. */
  public static EventLoopGroup ownEventLoop(WorkflowServiceStubsOptions.Builder options) {
    EventLoopGroup loop = new NioEventLoopGroup(0, new DefaultThreadFactory("ferry-grpc", true));
    options.setChannelInitializer(
        builder ->
            ((NettyChannelBuilder) builder)
                .eventLoopGroup(loop)
                .channelType(NioSocketChannel.class));
    return loop;
  }

  /** Stops an event loop and waits (briefly) until its threads are gone. */
  public static void stop(EventLoopGroup loop) {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  /** Gives calls under way a moment to finish, then stops the channel and its threads. */
  @Override
  public void close() {
    stubs.shutdown();
    stubs.awaitTermination(1, TimeUnit.SECONDS);
    stop(loop);
  }

  /** Stops the channel without waiting for calls under way, then its threads. */
  public void closeNow() {
    stubs.shutdownNow();
    stubs.awaitTermination(1, TimeUnit.SECONDS);
    stop(loop);
  }
}

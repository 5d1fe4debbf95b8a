package io.jobwatch.http;

import io.jobwatch.node.NodeConfig;

import java.util.concurrent.atomic.AtomicInteger;

/** What all HTTP verticle instances of one node share: counters and rate limits are per node, not per event loop. */
public final class HttpNodeState {
  final Metrics metrics = new Metrics();
  final RateLimiter perCaller;
  final RateLimiter loginFailures;
  final long startedAt = System.currentTimeMillis();
  /** Numbers the instances (one per event loop), and so their WebSocket gateways. */
  final AtomicInteger loops = new AtomicInteger();

  public HttpNodeState(NodeConfig config) {
    this.perCaller = new RateLimiter(config.rateLimitPerSecond(), config.rateLimitPerSecond());
    this.loginFailures = new RateLimiter(config.loginFailuresPerMinute() / 60.0, config.loginFailuresPerMinute());
  }
}

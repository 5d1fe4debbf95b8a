package io.jobwatch.http;

import io.jobwatch.auth.RateLimits;

import java.util.concurrent.atomic.AtomicInteger;

/** What all HTTP verticle instances of one node share: counters per node, rate limits per cluster. */
public final class HttpNodeState {
  final RateLimits limits;
  /** Numbers the instances (one per event loop), and so their WebSocket gateways. */
  final AtomicInteger loops = new AtomicInteger();

  public HttpNodeState(RateLimits limits) {
    this.limits = limits;
  }
}

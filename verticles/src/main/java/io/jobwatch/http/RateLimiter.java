package io.jobwatch.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a user name) on this node: {@code ratePerSecond} tokens a second, at
 * most {@code burst} saved up. A rate of 0 turns it off. Per node, not per cluster: behind a
 * load balancer a user gets up to nodes × rate.
 */
final class RateLimiter {
  private static final int MAX_KEYS = 100_000;
  private final double ratePerSecond;
  private final double burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(double ratePerSecond, double burst) {
    this.ratePerSecond = ratePerSecond;
    this.burst = Math.max(1, burst);
  }

  boolean isOn() {
    return ratePerSecond > 0;
  }

  /** Takes one token; false when the key has none left. */
  boolean tryAcquire(String key) {
    if (!isOn()) {
      return true;
    }
    if (buckets.size() > MAX_KEYS) {
      buckets.clear();
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(burst)).take(ratePerSecond, burst, System.nanoTime());
  }

  /** True when the key has a token left, without taking it. */
  boolean peek(String key) {
    Bucket b = buckets.get(key);
    return b == null || b.has(ratePerSecond, burst, System.nanoTime());
  }

  private static final class Bucket {
    private double tokens;
    private long last = System.nanoTime();

    Bucket(double tokens) {
      this.tokens = tokens;
    }

    synchronized boolean has(double rate, double burst, long now) {
      return Math.min(burst, tokens + (now - last) / 1e9 * rate) >= 1;
    }

    synchronized boolean take(double rate, double burst, long now) {
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
      last = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }
}

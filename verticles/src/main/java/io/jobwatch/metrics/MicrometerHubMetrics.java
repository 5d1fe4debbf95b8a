package io.jobwatch.metrics;

import io.jobwatch.shared.model.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** {@link HubMetrics} kept in a Micrometer registry. */
public final class MicrometerHubMetrics implements HubMetrics {
  private final MeterRegistry registry;
  private final Timer summaryTime;
  private final Counter takeovers;
  private final Map<String, Counter> limited = new ConcurrentHashMap<>();
  private final Map<Integer, Counter> closes = new ConcurrentHashMap<>();
  private volatile Map<String, Long> jobsByState = Map.of();
  private final Counter changes;
  /** Per event loop: {subscribers, largest lag}. */
  private final Map<Integer, long[]> subscribers = new ConcurrentHashMap<>();

  public MicrometerHubMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.summaryTime = Timer.builder("jobwatch.summary.tick")
        .description("Time to compute and publish one second's queue summary on this node").register(registry);
    this.takeovers = Counter.builder("jobwatch.summary.takeovers")
        .description("Times this node took over publishing the queue summary").register(registry);
    this.changes = Counter.builder("jobwatch.changes")
        .description("Changes (events, statuses, run-log appends) applied through this node").register(registry);
    Gauge.builder("jobwatch.queue.subscribers", this, m -> m.subscribers.values().stream().mapToLong(v -> v[0]).sum())
        .description("Sockets of this node subscribed to the queue channel").register(registry);
    Gauge.builder("jobwatch.queue.subscriber.lag.max", this,
            m -> m.subscribers.values().stream().mapToLong(v -> v[1]).max().orElse(0))
        .description("Events between the newest queue event and the queue subscriber of this node most behind")
        .register(registry);
    for (JobState state : JobState.values()) {
      if (state.isFinished()) {
        continue;
      }
      String name = state.wire();
      Gauge.builder("jobwatch.jobs", this, m -> m.jobsByState.getOrDefault(name, 0L))
          .description("Unfinished jobs by state, from the newest queue summary this node knows")
          .tag("state", name).register(registry);
    }
  }

  @Override
  public void rateLimited(String limit) {
    limited.computeIfAbsent(limit, l -> Counter.builder("jobwatch.rate.limited")
        .description("Requests and logins refused 429, by limit").tag("limit", l).register(registry)).increment();
  }

  @Override
  public void socketClosed(int code) {
    closes.computeIfAbsent(code, c -> Counter.builder("jobwatch.ws.closes")
        .description("WebSockets closed by this node, by close code").tag("code", Integer.toString(c))
        .register(registry)).increment();
  }

  @Override
  public void summaryPublished(long nanos) {
    summaryTime.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void changeApplied() {
    changes.increment();
  }

  @Override
  public void queueSubscribers(int loop, int count, long maxLag) {
    subscribers.put(loop, new long[] {count, maxLag});
  }

  @Override
  public void tickerTakeover() {
    takeovers.increment();
  }

  @Override
  public void unfinishedJobs(Map<String, Long> byState) {
    jobsByState = Map.copyOf(byState);
  }
}

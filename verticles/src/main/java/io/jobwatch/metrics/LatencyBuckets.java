package io.jobwatch.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

import java.time.Duration;
import java.util.Set;

/**
 * Latency histograms with a dozen fixed buckets (1 ms … 10 s) for the timers worth one: HTTP
 * response time and the summary tick. Micrometer's default histogram has ~70 buckets per series,
 * too many to scrape for every route and status.
 */
public final class LatencyBuckets implements MeterFilter {
  private static final Set<String> TIMED = Set.of("vertx.http.server.response.time", "jobwatch.summary.tick");
  private static final double[] SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    if (!TIMED.contains(id.getName())) {
      return config;
    }
    double[] nanos = new double[SECONDS.length];
    for (int i = 0; i < SECONDS.length; i++) {
      nanos[i] = Duration.ofNanos((long) (SECONDS[i] * 1e9)).toNanos();
    }
    return DistributionStatisticConfig.builder().percentilesHistogram(false).serviceLevelObjectives(nanos).build()
        .merge(config);
  }
}

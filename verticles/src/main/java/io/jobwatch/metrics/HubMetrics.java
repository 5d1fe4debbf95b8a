package io.jobwatch.metrics;

import java.util.Map;

/**
 * What the hub counts about itself: the {@code jobwatch_*} series of {@code /metrics}. The parts
 * that count call this interface, not Micrometer ({@link MicrometerHubMetrics} is the node's);
 * {@link #NONE} serves parts used without a node (unit tests).
 */
public interface HubMetrics {
  /** A request or login refused 429 by the named limit ({@code requests}, {@code login_address}, {@code login_name}). */
  void rateLimited(String limit);

  /** A WebSocket closed by the server with this code. */
  void socketClosed(int code);

  /** One second's summary computed and published by this node, in {@code nanos}. */
  void summaryPublished(long nanos);

  /** This node took over publishing the summary from another. */
  void tickerTakeover();

  /** The newest counts of unfinished jobs by state this node knows (from the summary). */
  void unfinishedJobs(Map<String, Long> byState);

  /** A change (event, status, run-log append) applied through this node. */
  void changeApplied();

  /**
   * The queue subscribers of one event loop, sampled: how many there are and how far the one most
   * behind is from the newest event (offsets).
   */
  void queueSubscribers(int loop, int count, long maxLag);

  HubMetrics NONE = new HubMetrics() {
    @Override
    public void changeApplied() {
    }

    @Override
    public void queueSubscribers(int loop, int count, long maxLag) {
    }

    @Override
    public void rateLimited(String limit) {
    }

    @Override
    public void socketClosed(int code) {
    }

    @Override
    public void summaryPublished(long nanos) {
    }

    @Override
    public void tickerTakeover() {
    }

    @Override
    public void unfinishedJobs(Map<String, Long> byState) {
    }
  };
}

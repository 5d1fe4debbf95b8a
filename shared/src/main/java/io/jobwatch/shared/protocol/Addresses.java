package io.jobwatch.shared.protocol;

/**
 * Every event-bus address of Jobwatch, in one place.
 *
 * <p>Fan-out: each change is published twice, once to the queue-wide address (for queue
 * channels and long polls) and once to the job's own address, so a gateway that follows one
 * job consumes that job's address and nothing else.
 */
public final class Addresses {

  /** Commands to this node's registry (local consumer; request/reply, local codec). */
  public static final String REGISTRY = "jobwatch.registry";

  /** Every queue event, published cluster-wide as JSON (a {@link QueueEvent} with its offset). */
  public static final String QUEUE_EVENTS = "jobwatch.queue.events";

  /** The queue summary of each second, published once cluster-wide by the node that claimed that second. */
  public static final String SUMMARY = "jobwatch.summary";

  /** Prefix of a job's own address: {@code jobwatch.job.<jobId>}, published cluster-wide as JSON. */
  public static final String JOB_PREFIX = "jobwatch.job.";

  private Addresses() {
  }

  /** The address on which every change of one job is published. */
  public static String job(String jobId) {
    return JOB_PREFIX + jobId;
  }
}

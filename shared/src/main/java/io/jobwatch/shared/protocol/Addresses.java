package io.jobwatch.shared.protocol;

/**
 * Every event-bus address of Jobwatch, in one place. The bus carries only what a node must hear
 * from others: the summary of each second, and the changes of the jobs its sockets follow.
 * Queue events are read from the cluster history, never from the bus.
 */
public final class Addresses {

  /** The queue summary of each second, published once cluster-wide by the node that claimed that second. */
  public static final String SUMMARY = "jobwatch.summary";

  /** Prefix of a node's address for the jobs it follows: {@code jobwatch.node.<member uuid>}. */
  public static final String NODE_PREFIX = "jobwatch.node.";

  private Addresses() {
  }

  /**
   * The address on which a node hears of changes to the jobs it follows: JOB_STATUS_UPDATED (the
   * wire frame), RUNLOG_APPENDED (line numbers only) and APP_MESSAGE, published by the node that
   * made the change; every gateway (event loop) of the node consumes it.
   */
  public static String node(String memberUuid) {
    return NODE_PREFIX + memberUuid;
  }
}

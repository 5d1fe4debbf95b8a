package io.jobwatch.cluster;

/**
 * The names of everything a node keeps in the cluster, and the numbers its objects travel under.
 * Every member of one cluster must agree on all of them, so they are written down here and
 * nowhere else; a number is never reused for another wire form (the golden-bytes test pins them).
 */
public final class ClusterNames {
  /** Jobs by id: one {@code JobRecord} per job (job, events, run logs, messages, followers). */
  public static final String JOBS_MAP = "jobwatch.jobs";
  /** Users by name ({@code UserRecord}, with the password's salted hash). */
  public static final String USERS_MAP = "jobwatch.users";
  /** Cluster-wide settings set once by the first node (e.g. whether the admin was seeded). */
  public static final String SETTINGS_MAP = "jobwatch.settings";
  /** Summary seconds claimed by a node: one tick per second cluster-wide. */
  public static final String CLAIMS_MAP = "jobwatch.ticks";
  /** Per user, the lowest token generation still accepted (revocation). */
  public static final String TOKEN_FLOORS_MAP = "jobwatch.token.floors";
  /** bucket4j rate-limit buckets. */
  public static final String RATE_BUCKETS_MAP = "jobwatch.rate.buckets";
  /** Queue events by offset (the history behind {@code since}). */
  public static final String HISTORY_RINGBUFFER = "jobwatch.queue.history";
  /** Per-minute queue snapshots ({@code GET /queue/history}). */
  public static final String SNAPSHOT_RINGBUFFER = "jobwatch.queue.snapshots";
  /**
   * The split-brain protection of the jobs and the queue history ({@code JOBWATCH_MIN_MEMBERS}): a
   * member that sees fewer members refuses to read or change them.
   */
  public static final String MAJORITY = "jobwatch.majority";

  /** {@code IdentifiedDataSerializable} factories. */
  public static final int REGISTRY_FACTORY = 1101;
  public static final int AUTH_FACTORY = 2001;
  public static final int TICKER_FACTORY = 3001;

  /** Type ids of the stream serializers (the hot value types written field by field). */
  public static final int JOB_TYPE = 1001;
  public static final int QUEUE_EVENT_TYPE = 1002;
  public static final int OUTCOME_TYPE = 1003;
  public static final int RUN_LOG_PAGE_TYPE = 1004;
  public static final int SNAPSHOT_TYPE = 1005;
  public static final int USER_TYPE = 2002;
  /** bucket4j's serializers take ids from this one upwards. */
  public static final int RATE_LIMIT_TYPE_BASE = 30000;

  private ClusterNames() {
  }
}

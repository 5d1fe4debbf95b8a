package io.jobwatch.registry;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.jobwatch.cluster.ClusterNames;

/**
 * The registry's objects that travel between members, by number: the jobs map's records, its
 * entry processors, predicates, projections and the summary aggregator. A number, once used, stays
 * with its class; a changed wire form takes a new number (the golden-bytes test fails otherwise).
 */
public final class RegistrySerializables implements DataSerializableFactory {
  static final int JOB_RECORD = 1;
  static final int CREATE_JOB = 2;
  static final int APPLY_EVENT = 3;
  static final int APPEND_RUN_LOG = 4;
  static final int READ = 5;
  static final int FOLLOW = 6;
  static final int DROP_FOLLOWERS = 7;
  static final int POST_MESSAGE = 8;
  static final int ACK_MESSAGE = 9;
  static final int JOB_FILTER = 10;
  static final int JOB_PROJECTION = 11;
  // 12 and 13 were the watchdogs' own query (now part of the ticker's scan): never reuse them.
  static final int SUMMARY_AGGREGATOR = 14;
  static final int QUEUE_SCAN = 15;

  @Override
  public IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case JOB_RECORD -> new JobRecord();
      case CREATE_JOB -> new CreateJobProcessor();
      case APPLY_EVENT -> new ApplyEventProcessor();
      case APPEND_RUN_LOG -> new AppendRunLogProcessor();
      case READ -> new ReadProcessor();
      case FOLLOW -> new FollowProcessor();
      case DROP_FOLLOWERS -> new DropFollowersProcessor();
      case POST_MESSAGE -> new PostMessageProcessor();
      case ACK_MESSAGE -> new AckMessageProcessor();
      case JOB_FILTER -> new JobFilter();
      case JOB_PROJECTION -> new JobProjection();
      case SUMMARY_AGGREGATOR -> new SummaryAggregator();
      case QUEUE_SCAN -> new QueueScan();
      default -> throw new IllegalArgumentException("unknown class " + classId + " of factory "
          + ClusterNames.REGISTRY_FACTORY);
    };
  }
}

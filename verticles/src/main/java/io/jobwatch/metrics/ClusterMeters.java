package io.jobwatch.metrics;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster as this member sees it, read without a cluster call (a scrape runs on an event
 * loop): members, whether partitions are migrating, and the entries this member owns of the jobs map.
 */
public final class ClusterMeters {
  private ClusterMeters() {
  }

  /**
   * @param jobsMap the name of the jobs map
   */
  public static void bind(MeterRegistry registry, HazelcastInstance hazelcast, String jobsMap) {
    Gauge.builder("jobwatch.cluster.members", hazelcast, h -> h.getCluster().getMembers().size())
        .description("Members of the Hazelcast cluster").register(registry);
    AtomicInteger migrating = new AtomicInteger();
    Counter replicas = Counter.builder("jobwatch.cluster.replica.migrations")
        .description("Partition replicas migrated, as seen by this member").register(registry);
    hazelcast.getPartitionService().addMigrationListener(new MigrationListener() {
      @Override
      public void migrationStarted(MigrationState state) {
        migrating.set(1);
      }

      @Override
      public void migrationFinished(MigrationState state) {
        migrating.set(0);
      }

      @Override
      public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
        replicas.increment();
      }

      @Override
      public void replicaMigrationFailed(ReplicaMigrationEvent event) {
      }
    });
    Gauge.builder("jobwatch.cluster.migrating", migrating, AtomicInteger::get)
        .description("1 while partitions migrate (a member joined or left)").register(registry);
    Gauge.builder("jobwatch.jobs.owned", hazelcast, h -> h.getMap(jobsMap).getLocalMapStats().getOwnedEntryCount())
        .description("Entries of the jobs map this member owns (finished jobs included)").register(registry);
  }
}

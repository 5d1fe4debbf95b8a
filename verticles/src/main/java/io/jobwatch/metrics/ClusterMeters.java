package io.jobwatch.metrics;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

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

  /**
   * This node's window on the queue history: the newest offset (-1 while the history is empty; the
   * cluster's head, as this node has read it) and the oldest offset it keeps.
   */
  public static void bindQueueWindow(MeterRegistry registry, LongSupplier next, LongSupplier oldest) {
    Gauge.builder("jobwatch.queue.head.offset", next, n -> n.getAsLong() - 1)
        .description("Offset of the newest queue event this node has read (-1 before a socket first asks for the queue)")
        .strongReference(true).register(registry);
    Gauge.builder("jobwatch.queue.window.oldest.offset", oldest, LongSupplier::getAsLong)
        .description("Oldest queue event this node keeps in its window").strongReference(true).register(registry);
  }
}

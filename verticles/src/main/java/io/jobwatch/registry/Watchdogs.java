package io.jobwatch.registry;

import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.projection.Projection;
import com.hazelcast.query.Predicate;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobEvent;
import io.jobwatch.shared.model.JobState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The hub's own events (PROTOCOL.md §1): {@code flag_zombie} when a running job's
 * {@code reservedUntil} passed without a report, {@code flag_nonstop} past its
 * {@code wallTimeLimit}, {@code request_kill_job} (reason {@code app_message_timeout}) when an
 * APP_MESSAGE stayed unacknowledged too long. Due jobs are found by a predicate that every member
 * evaluates on its own partitions; each change is then applied with a guard that re-checks the
 * condition where the job lives, so a report that came meanwhile wins and nothing is raised twice.
 */
public final class Watchdogs {
  /** A change the hub owes a job. */
  public record Due(String jobId, JobEvent event, String reason, Guard guard) {
  }

  private final Vertx vertx;
  private final IMap<String, JobRecord> jobs;
  private final long appMessageTimeoutMs;

  public Watchdogs(Vertx vertx, com.hazelcast.core.HazelcastInstance hazelcast, long appMessageTimeoutSeconds) {
    this.vertx = vertx;
    this.jobs = hazelcast.getMap(ClusterNames.JOBS_MAP);
    this.appMessageTimeoutMs = appMessageTimeoutSeconds * 1000;
  }

  /** The jobs due for a hub event now (a blocking cluster query, run on a worker). */
  public Future<List<Due>> due(long now) {
    long timeout = appMessageTimeoutMs;
    return vertx.executeBlocking(() -> {
      Collection<String[]> found = jobs.project(new DueProjection(now, timeout), new DuePredicate(now, timeout));
      List<Due> out = new ArrayList<>();
      for (String[] f : found) {
        JobEvent event = JobEvent.fromWire(f[1]);
        out.add(new Due(f[0], event, f[2], guard(event, now, timeout)));
      }
      return out;
    }, false);
  }

  private static Guard guard(JobEvent event, long now, long timeout) {
    return switch (event) {
      case FLAG_ZOMBIE -> new Guard(Guard.Kind.ZOMBIE_DUE, now, timeout);
      case FLAG_NONSTOP -> new Guard(Guard.Kind.NONSTOP_DUE, now, timeout);
      default -> new Guard(Guard.Kind.APP_MESSAGE_DUE, now, timeout);
    };
  }

  static boolean zombieDue(Job j, long now) {
    return j.state == JobState.RUNNING && !j.flags.zombie() && j.reservedUntil != null && j.reservedUntil < now;
  }

  static boolean nonstopDue(Job j, long now) {
    return j.state == JobState.RUNNING && !j.flags.nonstop() && j.wallTimeLimit != null && j.started != null
        && j.started + j.wallTimeLimit * 1000L < now;
  }

  static boolean appMessageDue(JobRecord r, long now, long timeout) {
    return r.job.callbacks && !r.job.state.isFinished() && !r.job.flags.killRequested() && !r.messages.isEmpty()
        && r.messages.get(0).created() + timeout < now;
  }

  /** Which hub event a record is due for, or null. */
  static String[] dueEvent(JobRecord r, long now, long timeout) {
    if (zombieDue(r.job, now)) {
      return new String[] {r.job.jobId, JobEvent.FLAG_ZOMBIE.wire(), "reservedUntil passed without a report"};
    }
    if (nonstopDue(r.job, now)) {
      return new String[] {r.job.jobId, JobEvent.FLAG_NONSTOP.wire(), "ran past wallTimeLimit"};
    }
    if (appMessageDue(r, now, timeout)) {
      return new String[] {r.job.jobId, JobEvent.REQUEST_KILL_JOB.wire(), "app_message_timeout"};
    }
    return null;
  }

  /** The jobs due for a hub event at {@code now}; evaluated on every member. */
  static final class DuePredicate extends DueQuery implements Predicate<String, JobRecord> {
    DuePredicate() {
    }

    DuePredicate(long now, long timeout) {
      super(now, timeout);
    }

    @Override
    public boolean apply(Map.Entry<String, JobRecord> entry) {
      return dueEvent(entry.getValue(), now, timeout) != null;
    }

    @Override
    public int getClassId() {
      return RegistrySerializables.DUE_PREDICATE;
    }
  }

  /** What a due job is due for: {@code [jobId, event, reason]}. */
  static final class DueProjection extends DueQuery implements Projection<Map.Entry<String, JobRecord>, String[]> {
    DueProjection() {
    }

    DueProjection(long now, long timeout) {
      super(now, timeout);
    }

    @Override
    public String[] transform(Map.Entry<String, JobRecord> entry) {
      return dueEvent(entry.getValue(), now, timeout);
    }

    @Override
    public int getClassId() {
      return RegistrySerializables.DUE_PROJECTION;
    }
  }

  /** The inputs both parts of the due query carry. */
  abstract static class DueQuery implements IdentifiedDataSerializable {
    long now;
    long timeout;

    DueQuery() {
    }

    DueQuery(long now, long timeout) {
      this.now = now;
      this.timeout = timeout;
    }

    @Override
    public int getFactoryId() {
      return ClusterNames.REGISTRY_FACTORY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeLong(now);
      out.writeLong(timeout);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      now = in.readLong();
      timeout = in.readLong();
    }
  }
}

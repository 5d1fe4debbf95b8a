package io.jobwatch.registry;

import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobEvent;
import io.jobwatch.shared.model.JobState;

import java.util.ArrayList;
import java.util.List;

/**
 * The hub's own events (PROTOCOL.md §1): {@code flag_zombie} when a running job's
 * {@code reservedUntil} passed without a report, {@code flag_nonstop} past its
 * {@code wallTimeLimit}, {@code request_kill_job} (reason {@code app_message_timeout}) when an
 * APP_MESSAGE stayed unacknowledged too long. Due jobs are found by the ticker's scan
 * ({@link QueueScan}), which every member runs on its own partitions; each change is then applied
 * with a guard that re-checks the condition where the job lives, so a report that came meanwhile
 * wins and nothing is raised twice.
 */
public final class Watchdogs {
  /** A change the hub owes a job. */
  public record Due(String jobId, JobEvent event, String reason, Guard guard) {
  }

  private final long appMessageTimeoutMs;

  public Watchdogs(long appMessageTimeoutSeconds) {
    this.appMessageTimeoutMs = appMessageTimeoutSeconds * 1000;
  }

  /** The app-message timeout the scan checks against. */
  public long appMessageTimeoutMs() {
    return appMessageTimeoutMs;
  }

  /** The changes the hub owes, as the ticker's scan found them; each guarded by the condition at the scan's time. */
  public List<Due> due(QueueScan.Result scan) {
    List<Due> out = new ArrayList<>();
    for (String[] f : scan.due()) {
      JobEvent event = JobEvent.fromWire(f[1]);
      out.add(new Due(f[0], event, f[2], guard(event, scan.now(), appMessageTimeoutMs)));
    }
    return out;
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
}

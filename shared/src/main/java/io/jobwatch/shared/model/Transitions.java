package io.jobwatch.shared.model;

import static io.jobwatch.shared.model.JobState.COMPLETE;
import static io.jobwatch.shared.model.JobState.DEFERRED;
import static io.jobwatch.shared.model.JobState.ERROR;
import static io.jobwatch.shared.model.JobState.FAILED;
import static io.jobwatch.shared.model.JobState.INACTIVE;
import static io.jobwatch.shared.model.JobState.KILLED;
import static io.jobwatch.shared.model.JobState.PENDING;
import static io.jobwatch.shared.model.JobState.RUNNING;

/**
 * The transition table of PROTOCOL.md §1 as one pure function: given a job and an event, the
 * next version of the job, its removal, or a refusal. It never changes its input.
 */
public final class Transitions {

  /** What an event does to a job. */
  public sealed interface Result permits Changed, Removed, Refused {
  }

  /** The job's next version ({@code seq} + 1, {@code updated} = now). */
  public record Changed(Job job) implements Result {
  }

  /** The job is gone; {@code last} is its last record. */
  public record Removed(Job last) implements Result {
  }

  /** Not allowed from the job's current state; nothing changes. */
  public record Refused(JobState from) implements Result {
  }

  private Transitions() {
  }

  public static Result apply(Job current, JobEvent event, EventInput in, long now) {
    JobState from = current.state;
    Job next = current.copy();
    switch (event) {
      case REQUEST_START_JOB -> {
        if (!from.isWaiting()) {
          return new Refused(from);
        }
        next.state = RUNNING;
        next.attempt = current.attempt + 1;
        next.runLog = new RunLogInfo(next.attempt, 0);
        next.percent = 0;
        next.started = null;
        next.flags = next.flags.withZombie(false).withNonstop(false);
      }
      case START_JOB -> {
        if (from != RUNNING) {
          return new Refused(from);
        }
        next.started = now;
        next.flags = next.flags.withZombie(false);
      }
      case PROGRESS, RUNLOG -> {
        if (from != RUNNING) {
          return new Refused(from);
        }
        if (in.percent() != null) {
          next.percent = in.percent();
        }
        if (in.desc() != null) {
          next.desc = in.desc();
        }
        next.flags = next.flags.withZombie(false);
      }
      case COMPLETE_JOB -> {
        if (from != RUNNING) {
          return new Refused(from);
        }
        finish(next, COMPLETE, now);
        next.result = in.result();
      }
      case DEFER_JOB -> {
        if (from != RUNNING) {
          return new Refused(from);
        }
        next.state = DEFERRED;
        next.flags = next.flags.withZombie(false);
      }
      case FAILED_START, FAILED_JOB -> {
        if (from != RUNNING) {
          return new Refused(from);
        }
        boolean attemptsRemain = current.attempt - current.attemptsBeforeRestart < current.maxAttempts;
        if (attemptsRemain) {
          next.state = FAILED;
          next.flags = next.flags.withZombie(false);
        } else {
          finish(next, ERROR, now);
        }
        next.error = in.error();
      }
      case REQUEST_KILL_JOB -> {
        if (from == RUNNING) {
          next.flags = next.flags.withKillRequested(true);
        } else if (from.isWaiting()) {
          finish(next, KILLED, now);
        } else {
          return new Refused(from);
        }
      }
      case KILL_JOB -> {
        if (from != RUNNING) {
          return new Refused(from);
        }
        finish(next, KILLED, now);
      }
      case REQUEST_REMOVE_JOB -> {
        if (from == RUNNING) {
          next.flags = next.flags.withRemoveRequested(true);
        } else {
          return new Removed(current);
        }
      }
      case REMOVE_JOB -> {
        return new Removed(current);
      }
      case FLAG_NONSTOP -> {
        if (from != RUNNING) {
          return new Refused(from);
        }
        next.flags = next.flags.withNonstop(true);
      }
      case FLAG_ZOMBIE -> {
        if (from != RUNNING) {
          return new Refused(from);
        }
        next.flags = next.flags.withZombie(true);
      }
      case INACTIVATE_JOB -> {
        if (!from.isWaiting()) {
          return new Refused(from);
        }
        finish(next, INACTIVE, now);
      }
      case RESTART_WAITING -> {
        if (!from.isWaiting()) {
          return new Refused(from);
        }
        restart(next, now);
      }
      case RESTART_STOPPED -> {
        if (!JobState.STOPPED.contains(from)) {
          return new Refused(from);
        }
        restart(next, now);
      }
      case ENQUEUE_JOB -> {
        // A job that exists cannot be enqueued again.
        return new Refused(from);
      }
      default -> throw new IllegalArgumentException("no rule for " + event);
    }
    if (in.reserveForSeconds() != null) {
      next.reservedUntil = now + in.reserveForSeconds() * 1000L;
    }
    next.seq = current.seq + 1;
    next.updated = now;
    return new Changed(next);
  }

  private static void finish(Job job, JobState state, long now) {
    job.state = state;
    job.finished = now;
    job.reservedUntil = null;
  }

  private static void restart(Job job, long now) {
    job.state = PENDING;
    job.queued = now;
    job.started = null;
    job.finished = null;
    job.result = null;
    job.error = null;
    job.reservedUntil = null;
    job.percent = 0;
    job.flags = JobFlags.NONE;
    job.attemptsBeforeRestart = job.attempt;
  }
}

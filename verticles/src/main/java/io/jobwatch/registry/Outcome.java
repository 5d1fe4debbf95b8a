package io.jobwatch.registry;

import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.protocol.ApiError;


/**
 * What an entry processor that changes a job answers; it may come from another member
 * ({@code OutcomeSerializer}).
 */
public sealed interface Outcome {

  /**
   * This outcome as the record now answers it: with {@code job} and {@code followers} instead of
   * its own (records remember outcomes without either).
   */
  default Outcome now(Job job, String[] followers) {
    return this;
  }

  /** The change was applied: the job as it now is, the event that was recorded, who follows the job (or null). */
  record Changed(JobView job, String event, long created, String[] followers) implements Outcome {
    @Override
    public Outcome now(Job other, String[] following) {
      return new Changed(other == null ? null : JobView.of(other), event, created, following);
    }
  }

  /** The job was removed; {@code last} is its last record. */
  record Removed(JobView last, String event, long created, String[] followers) implements Outcome {
  }

  /** A run-log batch was appended: lines {@code first..last} of the job's attempt; the job's seq after it. */
  record Appended(String jobId, int attempt, long seq, int first, int last, long created, String[] followers)
      implements Outcome {
    @Override
    public Outcome now(Job other, String[] following) {
      return other == null ? new Appended(jobId, attempt, seq, first, last, created, null)
          : new Appended(jobId, attempt, other.seq, first, last, created, following);
    }
  }

  /** Refused; nothing changed. */
  record Refused(ApiError error) implements Outcome {
  }
}

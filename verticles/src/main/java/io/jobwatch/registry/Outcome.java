package io.jobwatch.registry;

import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.protocol.ApiError;

import java.io.Serializable;

/** What an entry processor that changes a job answers. Serializable: it may come from another member. */
public sealed interface Outcome extends Serializable {

  /** This outcome carrying {@code job} instead of its own (records remember outcomes without the job). */
  default Outcome withJob(Job job) {
    return this;
  }

  /** The change was applied: the job as it now is, and the event that was recorded. */
  record Changed(Job job, String event, long created) implements Outcome {
    @Override
    public Outcome withJob(Job other) {
      return new Changed(other, event, created);
    }
  }

  /** The job was removed; {@code last} is its last record. */
  record Removed(Job last, String event, long created) implements Outcome {
  }

  /** A run-log batch was appended: lines {@code first..last} of {@code job.attempt}. */
  record Appended(Job job, int first, int last, long created) implements Outcome {
    @Override
    public Outcome withJob(Job other) {
      return new Appended(other, first, last, created);
    }
  }

  /** Refused; nothing changed. */
  record Refused(ApiError error) implements Outcome {
  }
}

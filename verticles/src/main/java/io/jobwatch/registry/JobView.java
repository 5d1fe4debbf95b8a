package io.jobwatch.registry;

import io.jobwatch.shared.json.Json;
import io.jobwatch.shared.model.Job;


/**
 * A job as a change answers it: its JSON, written once where the change was made, and the few
 * fields the history and the followers' messages need. The answer crosses from the member that
 * owns the job as bytes, not as a job to be written again.
 */
public record JobView(String jobId, String name, String owner, String state, long seq, int attempt, byte[] json) {

  public static JobView of(Job job) {
    return new JobView(job.jobId, job.name, job.owner, job.state.wire(), job.seq, job.attempt, Json.bytes(job));
  }
}

package io.jobwatch.registry;

import io.jobwatch.shared.model.Job;

import java.util.List;

/** What a subscriber needs first, read in one step: the job, the lines after its last line, unacknowledged messages. */
public record SubscribeSnapshot(Job job, RunLogPage lines, List<AppMessage> messages) {

  /** The lines after {@code lastLine} when {@code attempt} is the current one, else the current attempt's from line 1. */
  static SubscribeSnapshot of(JobRecord record, Integer attempt, int lastLine, int limit) {
    int current = record.job.attempt;
    int after = attempt != null && attempt == current ? lastLine : 0;
    return new SubscribeSnapshot(record.job, RunLogPage.of(record, current, after, limit),
        new java.util.ArrayList<>(record.messages));
  }
}

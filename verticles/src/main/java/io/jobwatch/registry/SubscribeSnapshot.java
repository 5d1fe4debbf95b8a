package io.jobwatch.registry;

import io.jobwatch.shared.model.Job;

import java.io.Serializable;
import java.util.List;

/** What a subscriber needs first, read in one step: the job, the lines after its last line, unacknowledged messages. */
public record SubscribeSnapshot(Job job, RunLogPage lines, List<AppMessage> messages) implements Serializable {
}

package io.jobwatch.registry;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import io.jobwatch.auth.Caller;
import io.jobwatch.shared.model.EventInput;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobEvent;
import io.jobwatch.shared.model.Transitions;
import io.jobwatch.shared.protocol.ApiError;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Applies one event to one job where the job lives: visibility (404), right (403), transition
 * (409), then the change, its history entry and its expiry, all in one step. The backup replays
 * the same processor, so every input (time, operation id) comes from the caller.
 */
final class ApplyEventProcessor implements EntryProcessor<String, JobRecord, Outcome> {
  private static final long serialVersionUID = 1L;
  private final String opId;
  private final Caller caller;
  private final JobEvent event;
  private final EventInput input;
  private final long now;
  private final long retentionSeconds;
  private final int eventsKept;
  private final Guard guard;

  ApplyEventProcessor(String opId, Caller caller, JobEvent event, EventInput input, long now,
                      long retentionSeconds, int eventsKept, Guard guard) {
    this.opId = opId;
    this.caller = caller;
    this.event = event;
    this.input = input;
    this.now = now;
    this.retentionSeconds = retentionSeconds;
    this.eventsKept = eventsKept;
    this.guard = guard;
  }

  @Override
  public Outcome process(Map.Entry<String, JobRecord> entry) {
    Outcome.Refused hidden = JobRecord.hiddenFrom(caller, entry);
    if (hidden != null) {
      return hidden;
    }
    JobRecord record = entry.getValue();
    Outcome prior = record.answerOf(opId);
    if (prior != null) {
      return prior;
    }
    if (!guard.holds(record)) {
      return new Outcome.Refused(new ApiError(409, "not_due", "the condition for '" + event.wire() + "' no longer holds"));
    }
    if (!caller.mayApply(event, record.job)) {
      return new Outcome.Refused(ApiError.forbidden("'" + event.wire() + "' is not allowed to " + caller.name()));
    }
    Transitions.Result result = Transitions.apply(record.job, event, input, now);
    if (result instanceof Transitions.Refused refused) {
      return new Outcome.Refused(ApiError.invalidTransition(refused.from().wire(), event.wire()));
    }
    if (result instanceof Transitions.Removed removed) {
      String[] followers = record.followerIds();
      entry.setValue(null);
      return new Outcome.Removed(JobView.of(removed.last()), event.wire(), now, followers);
    }
    Job next = ((Transitions.Changed) result).job();
    record.job = next;
    record.lastEventSeq = next.seq;
    record.addEvent(new JobEventEntry(next.seq, event.wire(), now, caller.name(), next.state.wire(), next.attempt,
        input.reason()), eventsKept);
    Outcome answer = new Outcome.Changed(JobView.of(next), event.wire(), now, record.followerIds());
    record.remember(opId, answer);
    store(entry, record, next, retentionSeconds);
    return answer;
  }

  /** Finished jobs expire after the retention period; all others never do. */
  static void store(Map.Entry<String, JobRecord> entry, JobRecord record, Job job, long retentionSeconds) {
    if (job.state.isFinished()) {
      ((ExtendedMapEntry<String, JobRecord>) entry).setValue(record, retentionSeconds, TimeUnit.SECONDS);
    } else {
      ((ExtendedMapEntry<String, JobRecord>) entry).setValue(record, Long.MAX_VALUE, TimeUnit.SECONDS);
    }
  }
}

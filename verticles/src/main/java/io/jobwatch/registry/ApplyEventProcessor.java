package io.jobwatch.registry;

import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.jobwatch.auth.Caller;
import io.jobwatch.cluster.Wire;
import io.jobwatch.shared.model.EventInput;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobEvent;
import io.jobwatch.shared.model.Transitions;
import io.jobwatch.shared.protocol.ApiError;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Applies one event to one job where the job lives: guard (409), right (403), transition (409),
 * then the change, its history entry and its expiry, all in one step.
 */
final class ApplyEventProcessor extends ChangeProcessor {
  private JobEvent event;
  private EventInput input;
  private long now;
  private long retentionSeconds;
  private int eventsKept;
  private Guard guard;

  ApplyEventProcessor() {
  }

  ApplyEventProcessor(String opId, Caller caller, JobEvent event, EventInput input, long now,
                      long retentionSeconds, int eventsKept, Guard guard) {
    super(opId, caller);
    this.event = event;
    this.input = input;
    this.now = now;
    this.retentionSeconds = retentionSeconds;
    this.eventsKept = eventsKept;
    this.guard = guard;
  }

  @Override
  Outcome change(JobRecord record, Map.Entry<String, JobRecord> entry) {
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

  @Override
  public int getClassId() {
    return RegistrySerializables.APPLY_EVENT;
  }

  @Override
  void writeChange(ObjectDataOutput out) throws IOException {
    out.writeString(event.wire());
    out.writeString(input.reason());
    Wire.writeJson(out, input.result());
    Wire.writeJson(out, input.error());
    Wire.writeNullableInt(out, input.percent());
    out.writeString(input.desc());
    Wire.writeNullableLong(out, input.reserveForSeconds());
    out.writeLong(now);
    out.writeLong(retentionSeconds);
    out.writeInt(eventsKept);
    guard.writeTo(out);
  }

  @Override
  void readChange(ObjectDataInput in) throws IOException {
    event = JobEvent.fromWire(in.readString());
    input = new EventInput(in.readString(), Wire.readJson(in), Wire.readJson(in), Wire.readNullableInt(in),
        in.readString(), Wire.readNullableLong(in));
    now = in.readLong();
    retentionSeconds = in.readLong();
    eventsKept = in.readInt();
    guard = Guard.readFrom(in);
  }
}

package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.jobwatch.auth.Caller;

import java.io.IOException;
import java.util.Map;

/**
 * A processor that changes a job for a caller: after the visibility check, an operation applied
 * already (the same operation id, re-run after a member left) answers as it did the first time
 * instead of applying twice. The backup replays the same processor, so every input (time,
 * operation id) comes from the caller.
 */
abstract class ChangeProcessor extends JobProcessor<Outcome> {
  String opId;

  ChangeProcessor() {
  }

  ChangeProcessor(String opId, Caller caller) {
    super(caller);
    this.opId = opId;
  }

  @Override
  final Outcome apply(JobRecord record, Map.Entry<String, JobRecord> entry) {
    Outcome prior = record.answerOf(opId);
    return prior != null ? prior : change(record, entry);
  }

  /** The change itself; remember the answer with {@link JobRecord#remember} when it applies. */
  abstract Outcome change(JobRecord record, Map.Entry<String, JobRecord> entry);

  @Override
  final void writeFields(ObjectDataOutput out) throws IOException {
    out.writeString(opId);
    writeChange(out);
  }

  @Override
  final void readFields(ObjectDataInput in) throws IOException {
    opId = in.readString();
    readChange(in);
  }

  abstract void writeChange(ObjectDataOutput out) throws IOException;

  abstract void readChange(ObjectDataInput in) throws IOException;
}

package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.jobwatch.auth.Caller;
import io.jobwatch.cluster.Wire;
import io.jobwatch.shared.model.EventInput;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobEvent;
import io.jobwatch.shared.model.JobState;
import io.jobwatch.shared.model.RunLogInfo;
import io.jobwatch.shared.model.Transitions;
import io.jobwatch.shared.protocol.ApiError;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends a batch of run-log lines to the current attempt, all or nothing. With {@code after},
 * only if the attempt's last line is that number: a worker retrying after a timeout never
 * writes a batch twice.
 */
final class AppendRunLogProcessor extends ChangeProcessor {
  private List<String> lines;
  private Integer after;
  private long now;
  private int maxLinesPerAttempt;

  AppendRunLogProcessor() {
  }

  AppendRunLogProcessor(String opId, Caller caller, List<String> lines, Integer after, long now,
                        int maxLinesPerAttempt) {
    super(opId, caller);
    this.lines = lines;
    this.after = after;
    this.now = now;
    this.maxLinesPerAttempt = maxLinesPerAttempt;
  }

  @Override
  Outcome change(JobRecord record, Map.Entry<String, JobRecord> entry) {
    if (!caller.mayApply(JobEvent.RUNLOG, record.job)) {
      return new Outcome.Refused(ApiError.forbidden("run-log appends are for workers"));
    }
    Job job = record.job;
    if (job.state != JobState.RUNNING) {
      return new Outcome.Refused(ApiError.invalidTransition(job.state.wire(), JobEvent.RUNLOG.wire()));
    }
    ArrayList<String> log = record.log(job.attempt);
    int last = log.size();
    if (after != null && after != last) {
      return new Outcome.Refused(ApiError.lineConflict(last, after));
    }
    if (last + lines.size() > maxLinesPerAttempt) {
      return new Outcome.Refused(ApiError.tooLarge(
          "an attempt keeps at most " + maxLinesPerAttempt + " run-log lines; it has " + last));
    }
    Job next = ((Transitions.Changed) Transitions.apply(job, JobEvent.RUNLOG, EventInput.NONE, now)).job();
    next.runLog = new RunLogInfo(job.attempt, last + lines.size());
    log.addAll(lines);
    record.job = next;
    Outcome answer = new Outcome.Appended(next.jobId, next.attempt, next.seq, last + 1, last + lines.size(), now,
        record.followerIds());
    record.remember(opId, answer);
    entry.setValue(record);
    return answer;
  }

  @Override
  public int getClassId() {
    return RegistrySerializables.APPEND_RUN_LOG;
  }

  @Override
  void writeChange(ObjectDataOutput out) throws IOException {
    Wire.writeStrings(out, lines);
    Wire.writeNullableInt(out, after);
    out.writeLong(now);
    out.writeInt(maxLinesPerAttempt);
  }

  @Override
  void readChange(ObjectDataInput in) throws IOException {
    lines = Wire.readStrings(in);
    after = Wire.readNullableInt(in);
    now = in.readLong();
    maxLinesPerAttempt = in.readInt();
  }
}

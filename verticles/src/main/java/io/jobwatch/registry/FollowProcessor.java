package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.jobwatch.auth.Caller;
import io.jobwatch.cluster.Wire;

import java.io.IOException;
import java.util.Map;

/**
 * Makes a gateway a follower of a job (every later change is sent to its node) and answers what
 * a subscriber needs first, in the same step: so no change falls between the snapshot and the
 * changes sent after it. A caller who may not read the job is refused and follows nothing.
 */
final class FollowProcessor extends JobProcessor<Object> {
  private String follower;
  private Integer attempt;
  private int lastLine;
  private int limit;

  FollowProcessor() {
  }

  FollowProcessor(Caller caller, String follower, Integer attempt, int lastLine, int limit) {
    super(caller);
    this.follower = follower;
    this.attempt = attempt;
    this.lastLine = lastLine;
    this.limit = limit;
  }

  @Override
  Object apply(JobRecord record, Map.Entry<String, JobRecord> entry) {
    if (!record.job.state.isFinished() && record.followers.add(follower)) {
      entry.setValue(record);
    }
    return SubscribeSnapshot.of(record, attempt, lastLine, limit);
  }

  @Override
  public int getClassId() {
    return RegistrySerializables.FOLLOW;
  }

  @Override
  void writeFields(ObjectDataOutput out) throws IOException {
    out.writeString(follower);
    Wire.writeNullableInt(out, attempt);
    out.writeInt(lastLine);
    out.writeInt(limit);
  }

  @Override
  void readFields(ObjectDataInput in) throws IOException {
    follower = in.readString();
    attempt = Wire.readNullableInt(in);
    lastLine = in.readInt();
    limit = in.readInt();
  }
}

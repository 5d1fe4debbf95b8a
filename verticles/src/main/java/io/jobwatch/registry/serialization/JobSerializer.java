package io.jobwatch.registry.serialization;

import com.fasterxml.jackson.core.type.TypeReference;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.shared.json.Json;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobFlags;
import io.jobwatch.shared.model.JobState;
import io.jobwatch.shared.model.RunLogInfo;

import java.io.IOException;
import java.util.Map;

/**
 * Writes a {@link Job} field by field. Every change answers with the job, so this is on the
 * hot path; Java serialization cost tens of microseconds per job here.
 */
public final class JobSerializer implements StreamSerializer<Job> {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
  };

  @Override
  public int getTypeId() {
    return ClusterNames.JOB_TYPE;
  }

  @Override
  public void write(ObjectDataOutput out, Job j) throws IOException {
    out.writeString(j.jobId);
    out.writeString(j.name);
    out.writeString(j.owner);
    out.writeByte(j.state.ordinal());
    out.writeInt(j.percent);
    out.writeString(j.desc);
    out.writeInt(j.attempt);
    out.writeInt(j.maxAttempts);
    out.writeLong(j.seq);
    writeNullableLong(out, j.queued);
    writeNullableLong(out, j.started);
    writeNullableLong(out, j.finished);
    writeNullableLong(out, j.updated);
    writeNullableLong(out, j.reservedUntil);
    out.writeInt(j.wallTimeLimit == null ? -1 : j.wallTimeLimit);
    JobFlags f = j.flags;
    out.writeByte((f.zombie() ? 1 : 0) | (f.nonstop() ? 2 : 0) | (f.killRequested() ? 4 : 0)
        | (f.removeRequested() ? 8 : 0));
    out.writeInt(j.runLog.attempt());
    out.writeInt(j.runLog.lines());
    out.writeBoolean(j.callbacks);
    out.writeString(json(j.args));
    out.writeString(json(j.custom));
    out.writeString(json(j.result));
    out.writeString(json(j.error));
    out.writeInt(j.attemptsBeforeRestart);
  }

  @Override
  public Job read(ObjectDataInput in) throws IOException {
    Job j = new Job();
    j.jobId = in.readString();
    j.name = in.readString();
    j.owner = in.readString();
    j.state = JobState.values()[in.readByte()];
    j.percent = in.readInt();
    j.desc = in.readString();
    j.attempt = in.readInt();
    j.maxAttempts = in.readInt();
    j.seq = in.readLong();
    j.queued = readNullableLong(in);
    j.started = readNullableLong(in);
    j.finished = readNullableLong(in);
    j.updated = readNullableLong(in);
    j.reservedUntil = readNullableLong(in);
    int wall = in.readInt();
    j.wallTimeLimit = wall < 0 ? null : wall;
    int f = in.readByte();
    j.flags = new JobFlags((f & 1) != 0, (f & 2) != 0, (f & 4) != 0, (f & 8) != 0);
    j.runLog = new RunLogInfo(in.readInt(), in.readInt());
    j.callbacks = in.readBoolean();
    j.args = parse(in.readString());
    String custom = in.readString();
    j.custom = custom == null ? null : Json.MAPPER.readValue(custom, MAP);
    j.result = parse(in.readString());
    j.error = parse(in.readString());
    j.attemptsBeforeRestart = in.readInt();
    return j;
  }

  static void writeNullableLong(ObjectDataOutput out, Long v) throws IOException {
    out.writeBoolean(v != null);
    if (v != null) {
      out.writeLong(v);
    }
  }

  static Long readNullableLong(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? in.readLong() : null;
  }

  private static String json(Object value) {
    return value == null ? null : Json.string(value);
  }

  private static Object parse(String json) throws IOException {
    return json == null ? null : Json.MAPPER.readValue(json, Object.class);
  }
}

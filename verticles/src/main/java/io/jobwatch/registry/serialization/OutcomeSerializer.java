package io.jobwatch.registry.serialization;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.registry.JobView;
import io.jobwatch.registry.Outcome;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/** Writes the answer of a changing entry processor (every change crosses this once). */
public final class OutcomeSerializer implements StreamSerializer<Outcome> {
  private static final byte CHANGED = 1;
  private static final byte REMOVED = 2;
  private static final byte APPENDED = 3;
  private static final byte REFUSED = 4;

  @Override
  public int getTypeId() {
    return ClusterNames.OUTCOME_TYPE;
  }

  @Override
  public void write(ObjectDataOutput out, Outcome outcome) throws IOException {
    if (outcome instanceof Outcome.Changed c) {
      out.writeByte(CHANGED);
      writeView(out, c.job());
      out.writeString(c.event());
      out.writeLong(c.created());
      out.writeStringArray(c.followers());
    } else if (outcome instanceof Outcome.Removed r) {
      out.writeByte(REMOVED);
      writeView(out, r.last());
      out.writeString(r.event());
      out.writeLong(r.created());
      out.writeStringArray(r.followers());
    } else if (outcome instanceof Outcome.Appended a) {
      out.writeByte(APPENDED);
      out.writeString(a.jobId());
      out.writeInt(a.attempt());
      out.writeLong(a.seq());
      out.writeInt(a.first());
      out.writeInt(a.last());
      out.writeLong(a.created());
      out.writeStringArray(a.followers());
    } else {
      ApiError e = ((Outcome.Refused) outcome).error();
      out.writeByte(REFUSED);
      out.writeInt(e.status());
      out.writeString(e.toJson().encode());
    }
  }

  /** A view, or none (a remembered outcome keeps none: the record's own job is answered). */
  private static void writeView(ObjectDataOutput out, JobView v) throws IOException {
    out.writeBoolean(v != null);
    if (v == null) {
      return;
    }
    out.writeString(v.jobId());
    out.writeString(v.name());
    out.writeString(v.owner());
    out.writeString(v.state());
    out.writeLong(v.seq());
    out.writeInt(v.attempt());
    out.writeByteArray(v.json());
  }

  private static JobView readView(ObjectDataInput in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    return new JobView(in.readString(), in.readString(), in.readString(), in.readString(), in.readLong(), in.readInt(),
        in.readByteArray());
  }

  @Override
  public Outcome read(ObjectDataInput in) throws IOException {
    byte kind = in.readByte();
    return switch (kind) {
      case CHANGED -> new Outcome.Changed(readView(in), in.readString(), in.readLong(), in.readStringArray());
      case REMOVED -> new Outcome.Removed(readView(in), in.readString(), in.readLong(), in.readStringArray());
      case APPENDED -> new Outcome.Appended(in.readString(), in.readInt(), in.readLong(), in.readInt(), in.readInt(),
          in.readLong(), in.readStringArray());
      case REFUSED -> {
        int status = in.readInt();
        yield new Outcome.Refused(ApiError.fromJson(status, new JsonObject(in.readString())));
      }
      default -> throw new IOException("unknown outcome kind " + kind);
    };
  }
}

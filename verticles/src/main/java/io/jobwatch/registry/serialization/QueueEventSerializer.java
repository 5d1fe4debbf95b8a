package io.jobwatch.registry.serialization;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.shared.protocol.QueueEvent;

import java.io.IOException;

/** Writes a queue-history entry compactly: one is appended for every change. */
public final class QueueEventSerializer implements StreamSerializer<QueueEvent> {

  @Override
  public int getTypeId() {
    return ClusterNames.QUEUE_EVENT_TYPE;
  }

  @Override
  public void write(ObjectDataOutput out, QueueEvent e) throws IOException {
    out.writeString(e.name());
    out.writeLong(e.created());
    out.writeString(e.author());
    out.writeString(e.jobId());
    out.writeString(e.jobName());
    out.writeString(e.owner());
    out.writeString(e.state());
    out.writeLong(e.seq());
    out.writeInt(e.attempt());
    out.writeByteArray(e.jobJson());
    out.writeBoolean(e.removed());
  }

  @Override
  public QueueEvent read(ObjectDataInput in) throws IOException {
    return new QueueEvent(in.readString(), in.readLong(), in.readString(), in.readString(), in.readString(),
        in.readString(), in.readString(), in.readLong(), in.readInt(), in.readByteArray(), in.readBoolean());
  }
}

package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;

/** An APP_MESSAGE of a job, kept until acknowledged; {@code data} is the JSON text of the message. */
public record AppMessage(String messageId, long created, String data) {

  public void writeTo(ObjectDataOutput out) throws IOException {
    out.writeString(messageId);
    out.writeLong(created);
    out.writeString(data);
  }

  public static AppMessage readFrom(ObjectDataInput in) throws IOException {
    return new AppMessage(in.readString(), in.readLong(), in.readString());
  }
}

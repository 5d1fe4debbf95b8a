package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.jobwatch.auth.Caller;

import java.io.IOException;
import java.util.Map;

/** Drops an APP_MESSAGE that a subscriber acknowledged; acknowledging twice is harmless. */
final class AckMessageProcessor extends JobProcessor<Object> {
  private String messageId;

  AckMessageProcessor() {
  }

  AckMessageProcessor(Caller caller, String messageId) {
    super(caller);
    this.messageId = messageId;
  }

  @Override
  Object apply(JobRecord record, Map.Entry<String, JobRecord> entry) {
    if (record.messages.removeIf(m -> m.messageId().equals(messageId))) {
      entry.setValue(record);
    }
    return Boolean.TRUE;
  }

  @Override
  public int getClassId() {
    return RegistrySerializables.ACK_MESSAGE;
  }

  @Override
  void writeFields(ObjectDataOutput out) throws IOException {
    out.writeString(messageId);
  }

  @Override
  void readFields(ObjectDataInput in) throws IOException {
    messageId = in.readString();
  }
}

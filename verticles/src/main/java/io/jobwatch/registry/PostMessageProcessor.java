package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.jobwatch.auth.Caller;
import io.jobwatch.shared.protocol.ApiError;

import java.io.IOException;
import java.util.Map;

/**
 * Accepts an APP_MESSAGE from a job's worker. A job with {@code callbacks: true} keeps it until
 * it is acknowledged (delivery and acks are the WebSocket gateway's); others only pass it on.
 * Answers the job's followers (or null), to whom the message goes now.
 */
final class PostMessageProcessor extends JobProcessor<Object> {
  private AppMessage message;

  PostMessageProcessor() {
  }

  PostMessageProcessor(Caller caller, AppMessage message) {
    super(caller);
    this.message = message;
  }

  @Override
  Object apply(JobRecord record, Map.Entry<String, JobRecord> entry) {
    if (!caller.isAdmin() && !caller.isWorker()) {
      return new Outcome.Refused(ApiError.forbidden("app messages come from workers"));
    }
    if (record.job.callbacks && record.messages.stream().noneMatch(m -> m.messageId().equals(message.messageId()))) {
      record.messages.add(message);
      entry.setValue(record);
    }
    return record.followerIds();
  }

  @Override
  public int getClassId() {
    return RegistrySerializables.POST_MESSAGE;
  }

  @Override
  void writeFields(ObjectDataOutput out) throws IOException {
    message.writeTo(out);
  }

  @Override
  void readFields(ObjectDataInput in) throws IOException {
    message = AppMessage.readFrom(in);
  }
}

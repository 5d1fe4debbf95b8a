package io.jobwatch.registry;

import com.hazelcast.map.EntryProcessor;
import io.jobwatch.auth.Caller;
import io.jobwatch.shared.protocol.ApiError;

import java.util.Map;

/**
 * Accepts an APP_MESSAGE from a job's worker. A job with {@code callbacks: true} keeps it until
 * it is acknowledged (delivery and acks are the WebSocket gateway's); others only pass it on.
 * Answers the job's followers (or null), to whom the message goes now.
 */
final class PostMessageProcessor implements EntryProcessor<String, JobRecord, Object> {
  private static final long serialVersionUID = 1L;
  private final Caller caller;
  private final AppMessage message;

  PostMessageProcessor(Caller caller, AppMessage message) {
    this.caller = caller;
    this.message = message;
  }

  @Override
  public Object process(Map.Entry<String, JobRecord> entry) {
    Outcome.Refused hidden = JobRecord.hiddenFrom(caller, entry);
    if (hidden != null) {
      return hidden;
    }
    JobRecord record = entry.getValue();
    if (!caller.isAdmin() && !caller.isWorker()) {
      return new Outcome.Refused(ApiError.forbidden("app messages come from workers"));
    }
    if (record.job.callbacks && record.messages.stream().noneMatch(m -> m.messageId().equals(message.messageId()))) {
      record.messages.add(message);
      entry.setValue(record);
    }
    return record.followerIds();
  }
}

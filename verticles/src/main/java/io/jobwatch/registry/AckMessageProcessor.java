package io.jobwatch.registry;

import com.hazelcast.map.EntryProcessor;
import io.jobwatch.auth.Caller;

import java.util.Map;

/** Drops an APP_MESSAGE that a subscriber acknowledged; acknowledging twice is harmless. */
final class AckMessageProcessor implements EntryProcessor<String, JobRecord, Object> {
  private static final long serialVersionUID = 1L;
  private final Caller caller;
  private final String messageId;

  AckMessageProcessor(Caller caller, String messageId) {
    this.caller = caller;
    this.messageId = messageId;
  }

  @Override
  public Object process(Map.Entry<String, JobRecord> entry) {
    Outcome.Refused hidden = JobRecord.hiddenFrom(caller, entry);
    if (hidden != null) {
      return hidden;
    }
    JobRecord record = entry.getValue();
    if (record.messages.removeIf(m -> m.messageId().equals(messageId))) {
      entry.setValue(record);
    }
    return Boolean.TRUE;
  }
}

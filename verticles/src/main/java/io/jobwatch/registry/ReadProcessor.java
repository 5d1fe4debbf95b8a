package io.jobwatch.registry;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import io.jobwatch.auth.Caller;

import java.io.Serializable;
import java.util.Map;

/**
 * Reads something of one job where it lives, for a caller who may read the job; answers
 * {@code unknown_job} to everyone else. The reader says what to take from the record.
 */
final class ReadProcessor<R> implements EntryProcessor<String, JobRecord, Object>, ReadOnly {
  private static final long serialVersionUID = 1L;

  /** What to read from a record; runs on the member that owns it and must copy what it returns. */
  @FunctionalInterface
  interface Reader<R> extends Serializable {
    R read(JobRecord record);
  }

  private final Caller caller;
  private final Reader<R> reader;

  ReadProcessor(Caller caller, Reader<R> reader) {
    this.caller = caller;
    this.reader = reader;
  }

  @Override
  public Object process(Map.Entry<String, JobRecord> entry) {
    Outcome.Refused hidden = JobRecord.hiddenFrom(caller, entry);
    if (hidden != null) {
      return hidden;
    }
    JobRecord record = entry.getValue();
    return reader.read(record);
  }

  @Override
  public EntryProcessor<String, JobRecord, Object> getBackupProcessor() {
    return null;
  }
}

package io.jobwatch.registry;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import io.jobwatch.auth.Caller;
import io.jobwatch.shared.protocol.ApiError;

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
    JobRecord record = entry.getValue();
    if (record == null || !caller.canRead(record.job)) {
      return new Outcome.Refused(ApiError.unknownJob(entry.getKey()));
    }
    return reader.read(record);
  }

  @Override
  public EntryProcessor<String, JobRecord, Object> getBackupProcessor() {
    return null;
  }
}

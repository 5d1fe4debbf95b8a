package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.jobwatch.auth.Caller;
import io.jobwatch.cluster.ClusterNames;

import java.io.IOException;
import java.util.Map;

/**
 * What every processor acting for a caller on one job does first, where the job lives: a caller
 * who may not read the job (or a job that does not exist) gets {@code unknown_job} and nothing
 * changes. The rest is the subclass's {@link #apply}. Travels by class id, field by field.
 */
abstract class JobProcessor<R> extends HandedBackProcessor<R> {
  Caller caller;

  JobProcessor() {
  }

  JobProcessor(Caller caller) {
    this.caller = caller;
  }

  @Override
  @SuppressWarnings("unchecked")
  final R answer(Map.Entry<String, JobRecord> entry) {
    Outcome.Refused hidden = JobRecord.hiddenFrom(caller, entry);
    return hidden != null ? (R) hidden : apply(entry.getValue(), entry);
  }

  /** The processor's own step, for a caller who may see the job; {@code entry.setValue} stores a change. */
  abstract R apply(JobRecord record, Map.Entry<String, JobRecord> entry);

  @Override
  public final int getFactoryId() {
    return ClusterNames.REGISTRY_FACTORY;
  }

  @Override
  public final void writeData(ObjectDataOutput out) throws IOException {
    caller.writeTo(out);
    writeFields(out);
  }

  @Override
  public final void readData(ObjectDataInput in) throws IOException {
    caller = Caller.readFrom(in);
    readFields(in);
  }

  abstract void writeFields(ObjectDataOutput out) throws IOException;

  abstract void readFields(ObjectDataInput in) throws IOException;
}

package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.protocol.ApiError;

import java.io.IOException;
import java.util.Map;

/** Creates a job unless its id exists ({@code enqueue_job}); a re-executed create answers as the first did. */
final class CreateJobProcessor extends HandedBackProcessor<Outcome> {
  private String opId;
  private Job job;
  private int eventsKept;

  CreateJobProcessor() {
  }

  CreateJobProcessor(String opId, Job job, int eventsKept) {
    this.opId = opId;
    this.job = job;
    this.eventsKept = eventsKept;
  }

  @Override
  Outcome answer(Map.Entry<String, JobRecord> entry) {
    JobRecord existing = entry.getValue();
    if (existing != null) {
      Outcome prior = existing.answerOf(opId);
      return prior != null ? prior : new Outcome.Refused(ApiError.duplicateJob(job.jobId));
    }
    JobRecord record = new JobRecord(job);
    record.addEvent(new JobEventEntry(job.seq, "enqueue_job", job.updated, job.owner, job.state.wire(), 0, null),
        eventsKept);
    Outcome answer = new Outcome.Changed(JobView.of(job), "enqueue_job", job.updated, null);
    record.remember(opId, answer);
    entry.setValue(record);
    return answer;
  }

  @Override
  public int getFactoryId() {
    return ClusterNames.REGISTRY_FACTORY;
  }

  @Override
  public int getClassId() {
    return RegistrySerializables.CREATE_JOB;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(opId);
    out.writeObject(job);
    out.writeInt(eventsKept);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    opId = in.readString();
    job = in.readObject();
    eventsKept = in.readInt();
  }
}

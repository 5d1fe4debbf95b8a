package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;
import io.jobwatch.auth.Caller;
import io.jobwatch.auth.Glob;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.cluster.Wire;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobState;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which jobs a list or scan returns: states, a name glob, an owner, a lower bound on
 * {@code updated}, and always only the jobs the caller may read. Evaluated on every member.
 * Null means "any".
 */
final class JobFilter implements Predicate<String, JobRecord>, IdentifiedDataSerializable {
  private Caller caller;
  private Set<JobState> states;
  private String nameGlob;
  private String owner;
  private Long updatedAfter;

  JobFilter() {
  }

  JobFilter(Caller caller, Set<JobState> states, String nameGlob, String owner, Long updatedAfter) {
    this.caller = caller;
    this.states = states;
    this.nameGlob = nameGlob;
    this.owner = owner;
    this.updatedAfter = updatedAfter;
  }

  @Override
  public boolean apply(Map.Entry<String, JobRecord> entry) {
    Job job = entry.getValue().job;
    return (states == null || states.contains(job.state))
        && (nameGlob == null || Glob.matches(nameGlob, job.name))
        && (owner == null || owner.equals(job.owner))
        && (updatedAfter == null || job.updated > updatedAfter)
        && caller.canRead(job);
  }

  @Override
  public int getFactoryId() {
    return ClusterNames.REGISTRY_FACTORY;
  }

  @Override
  public int getClassId() {
    return RegistrySerializables.JOB_FILTER;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    caller.writeTo(out);
    Wire.writeStrings(out, states == null ? null : states.stream().map(JobState::wire).sorted().toList());
    out.writeString(nameGlob);
    out.writeString(owner);
    Wire.writeNullableLong(out, updatedAfter);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    caller = Caller.readFrom(in);
    List<String> wires = Wire.readStrings(in);
    if (wires != null) {
      states = EnumSet.noneOf(JobState.class);
      wires.forEach(w -> states.add(JobState.fromWire(w)));
    }
    nameGlob = in.readString();
    owner = in.readString();
    updatedAfter = Wire.readNullableLong(in);
  }
}

package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.projection.Projection;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.shared.model.Job;

import java.util.Map;

/** Takes only the job out of a record, so a query never ships run logs or histories. */
final class JobProjection implements Projection<Map.Entry<String, JobRecord>, Job>, IdentifiedDataSerializable {
  @Override
  public Job transform(Map.Entry<String, JobRecord> entry) {
    return entry.getValue().job;
  }

  @Override
  public int getFactoryId() {
    return ClusterNames.REGISTRY_FACTORY;
  }

  @Override
  public int getClassId() {
    return RegistrySerializables.JOB_PROJECTION;
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // no state
  }

  @Override
  public void readData(ObjectDataInput in) {
    // no state
  }
}

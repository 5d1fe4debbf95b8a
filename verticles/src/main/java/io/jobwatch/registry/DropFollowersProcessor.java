package io.jobwatch.registry;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.cluster.Wire;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Drops followers from a job's record: a gateway that stopped following it, or nodes that left. */
final class DropFollowersProcessor implements EntryProcessor<String, JobRecord, Object>, IdentifiedDataSerializable {
  private HashSet<String> followers;

  DropFollowersProcessor() {
  }

  DropFollowersProcessor(Set<String> followers) {
    this.followers = new HashSet<>(followers);
  }

  @Override
  public Object process(Map.Entry<String, JobRecord> entry) {
    JobRecord record = entry.getValue();
    if (record != null && record.followers.removeAll(followers)) {
      entry.setValue(record);
    }
    return Boolean.TRUE;
  }

  @Override
  public int getFactoryId() {
    return ClusterNames.REGISTRY_FACTORY;
  }

  @Override
  public int getClassId() {
    return RegistrySerializables.DROP_FOLLOWERS;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    Wire.writeStrings(out, followers);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    followers = new HashSet<>(Wire.readStrings(in));
  }
}

package io.jobwatch.auth;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.jobwatch.cluster.ClusterNames;

import java.util.Map;

/** Raises a user's token floor by one, on the member that holds it; answers the new floor. */
public final class RaiseTokenFloor implements EntryProcessor<String, Long, Long>, IdentifiedDataSerializable {

  @Override
  public Long process(Map.Entry<String, Long> entry) {
    long next = (entry.getValue() == null ? 0 : entry.getValue()) + 1;
    entry.setValue(next);
    return next;
  }

  @Override
  public int getFactoryId() {
    return ClusterNames.AUTH_FACTORY;
  }

  @Override
  public int getClassId() {
    return AuthSerializables.RAISE_TOKEN_FLOOR;
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

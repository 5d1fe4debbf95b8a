package io.jobwatch.ticker;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.jobwatch.cluster.ClusterNames;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Claims one second for a node, once cluster-wide: true for the first claimant, false for all others. */
public final class ClaimSecond implements EntryProcessor<Long, String, Boolean>, IdentifiedDataSerializable {
  /** Claims are kept a while so that a node paused for seconds still finds its second taken. */
  private static final long KEEP_SECONDS = 300;
  private String node;

  ClaimSecond() {
  }

  public ClaimSecond(String node) {
    this.node = node;
  }

  @Override
  public Boolean process(Map.Entry<Long, String> entry) {
    if (entry.getValue() != null) {
      return entry.getValue().equals(node);
    }
    ((ExtendedMapEntry<Long, String>) entry).setValue(node, KEEP_SECONDS, TimeUnit.SECONDS);
    return true;
  }

  @Override
  public int getFactoryId() {
    return ClusterNames.TICKER_FACTORY;
  }

  @Override
  public int getClassId() {
    return TickerSerializables.CLAIM_SECOND;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(node);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    node = in.readString();
  }
}

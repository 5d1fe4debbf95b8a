package io.jobwatch.registry;

import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.shared.model.Job;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts unfinished jobs by {@link SummaryKey} where they live: each member counts its own
 * partitions and only the counts cross the network, never the jobs.
 */
final class SummaryAggregator implements Aggregator<Map.Entry<String, JobRecord>, HashMap<SummaryKey, Long>>,
    IdentifiedDataSerializable {
  private final HashMap<SummaryKey, Long> counts = new HashMap<>();

  @Override
  public void accumulate(Map.Entry<String, JobRecord> entry) {
    Job job = entry.getValue().job;
    if (!job.state.isFinished()) {
      counts.merge(new SummaryKey(job.name, job.owner, job.state.wire(), job.flags.zombie(), job.flags.nonstop(),
          job.flags.killRequested(), job.flags.removeRequested()), 1L, Long::sum);
    }
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void combine(Aggregator other) {
    ((SummaryAggregator) other).counts.forEach((k, n) -> counts.merge(k, n, Long::sum));
  }

  @Override
  public HashMap<SummaryKey, Long> aggregate() {
    return counts;
  }

  @Override
  public int getFactoryId() {
    return ClusterNames.REGISTRY_FACTORY;
  }

  @Override
  public int getClassId() {
    return RegistrySerializables.SUMMARY_AGGREGATOR;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(counts.size());
    for (Map.Entry<SummaryKey, Long> e : counts.entrySet()) {
      SummaryKey k = e.getKey();
      out.writeString(k.name());
      out.writeString(k.owner());
      out.writeString(k.state());
      out.writeByte((k.zombie() ? 1 : 0) | (k.nonstop() ? 2 : 0) | (k.killRequested() ? 4 : 0)
          | (k.removeRequested() ? 8 : 0));
      out.writeLong(e.getValue());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    for (int i = in.readInt(); i > 0; i--) {
      String name = in.readString();
      String owner = in.readString();
      String state = in.readString();
      int f = in.readByte();
      counts.put(new SummaryKey(name, owner, state, (f & 1) != 0, (f & 2) != 0, (f & 4) != 0, (f & 8) != 0),
          in.readLong());
    }
  }
}

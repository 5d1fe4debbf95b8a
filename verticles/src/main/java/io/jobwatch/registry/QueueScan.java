package io.jobwatch.registry;

import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.jobwatch.cluster.ClusterNames;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ticker's one pass a second over all jobs, where they live: the summary's counts
 * ({@link SummaryAggregator}) and the jobs due for a hub event at {@code now}
 * ({@link Watchdogs}), found together. Most jobs a cluster holds are finished and kept for
 * their retention; visiting each once a second instead of twice halves what they cost.
 */
public final class QueueScan implements Aggregator<Map.Entry<String, JobRecord>, QueueScan.Result>,
    IdentifiedDataSerializable {
  /** The counts, and the due jobs as {@code [jobId, event, reason]}, at {@code now}. */
  public record Result(Map<SummaryKey, Long> counts, List<String[]> due, long now) {
  }

  private long now;
  private long appMessageTimeoutMs;
  private SummaryAggregator counts = new SummaryAggregator();
  private final List<String[]> due = new ArrayList<>();

  QueueScan() {
  }

  QueueScan(long now, long appMessageTimeoutMs) {
    this.now = now;
    this.appMessageTimeoutMs = appMessageTimeoutMs;
  }

  @Override
  public void accumulate(Map.Entry<String, JobRecord> entry) {
    JobRecord record = entry.getValue();
    if (record.job.state.isFinished()) {
      return; // neither counted nor watched
    }
    counts.accumulate(entry);
    String[] event = Watchdogs.dueEvent(record, now, appMessageTimeoutMs);
    if (event != null) {
      due.add(event);
    }
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void combine(Aggregator other) {
    QueueScan scan = (QueueScan) other;
    counts.combine(scan.counts);
    due.addAll(scan.due);
  }

  @Override
  public Result aggregate() {
    return new Result(counts.aggregate(), due, now);
  }

  @Override
  public int getFactoryId() {
    return ClusterNames.REGISTRY_FACTORY;
  }

  @Override
  public int getClassId() {
    return RegistrySerializables.QUEUE_SCAN;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(now);
    out.writeLong(appMessageTimeoutMs);
    counts.writeData(out);
    out.writeInt(due.size());
    for (String[] d : due) {
      out.writeString(d[0]);
      out.writeString(d[1]);
      out.writeString(d[2]);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    now = in.readLong();
    appMessageTimeoutMs = in.readLong();
    counts = new SummaryAggregator();
    counts.readData(in);
    for (int i = in.readInt(); i > 0; i--) {
      due.add(new String[] {in.readString(), in.readString(), in.readString()});
    }
  }
}

package io.jobwatch.registry;

import com.hazelcast.aggregation.Aggregator;
import io.jobwatch.shared.model.Job;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts unfinished jobs by {@link SummaryKey} where they live: each member counts its own
 * partitions and only the counts cross the network, never the jobs.
 */
final class SummaryAggregator implements Aggregator<Map.Entry<String, JobRecord>, HashMap<SummaryKey, Long>> {
  private static final long serialVersionUID = 1L;
  private HashMap<SummaryKey, Long> counts = new HashMap<>();

  @Override
  public void accumulate(Map.Entry<String, JobRecord> entry) {
    Job job = entry.getValue().job;
    if (!job.state.isFinished()) {
      counts.merge(new SummaryKey(job.name, job.owner, job.state.wire(), job.flags.zombie(), job.flags.nonstop(),
          job.flags.killRequested(), job.flags.removeRequested()), 1L, Long::sum);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void combine(Aggregator other) {
    ((SummaryAggregator) other).counts.forEach((k, n) -> counts.merge(k, n, Long::sum));
  }

  @Override
  public HashMap<SummaryKey, Long> aggregate() {
    return counts;
  }
}

package io.jobwatch.registry;

import com.hazelcast.projection.Projection;
import io.jobwatch.shared.model.Job;

import java.util.Map;

/** Takes only the job out of a record, so a query never ships run logs or histories. */
final class JobProjection implements Projection<Map.Entry<String, JobRecord>, Job> {
  private static final long serialVersionUID = 1L;

  @Override
  public Job transform(Map.Entry<String, JobRecord> entry) {
    return entry.getValue().job;
  }
}

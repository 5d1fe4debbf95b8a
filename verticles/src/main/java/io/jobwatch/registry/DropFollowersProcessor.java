package io.jobwatch.registry;

import com.hazelcast.map.EntryProcessor;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Drops followers from a job's record: a gateway that stopped following it, or nodes that left. */
final class DropFollowersProcessor implements EntryProcessor<String, JobRecord, Object> {
  private static final long serialVersionUID = 1L;
  private final HashSet<String> followers;

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
}

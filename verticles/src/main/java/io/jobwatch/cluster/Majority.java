package io.jobwatch.cluster;

import com.hazelcast.core.HazelcastInstance;

/** Whether this member may read and change the jobs: it sees the majority {@code JOBWATCH_MIN_MEMBERS} asks for. */
public final class Majority {
  private Majority() {
  }

  /** True without split-brain protection; else whether Hazelcast's protection is met (it is not before the first time). */
  public static boolean holds(HazelcastInstance hazelcast) {
    return !hazelcast.getConfig().getSplitBrainProtectionConfigs().containsKey(ClusterNames.MAJORITY)
        || hazelcast.getSplitBrainProtectionService().getSplitBrainProtection(ClusterNames.MAJORITY).hasMinimumSize();
  }
}

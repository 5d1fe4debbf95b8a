package io.jobwatch.ticker;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Claims one second for a node, once cluster-wide: true for the first claimant, false for all others. */
final class ClaimSecond implements EntryProcessor<Long, String, Boolean> {
  private static final long serialVersionUID = 1L;
  /** Claims are kept a while so that a node paused for seconds still finds its second taken. */
  private static final long KEEP_SECONDS = 300;
  private final String node;

  ClaimSecond(String node) {
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
}

package io.jobwatch.ticker;

import com.hazelcast.config.Config;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.jobwatch.cluster.ClusterNames;

/** The ticker's objects that travel between members, by number (no Java serialization). */
public final class TickerSerializables implements DataSerializableFactory {
  static final int CLAIM_SECOND = 1;

  public static void register(Config config) {
    config.getSerializationConfig().addDataSerializableFactory(ClusterNames.TICKER_FACTORY, new TickerSerializables());
  }

  @Override
  public IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case CLAIM_SECOND -> new ClaimSecond();
      default -> throw new IllegalArgumentException("unknown class " + classId + " of factory "
          + ClusterNames.TICKER_FACTORY);
    };
  }
}

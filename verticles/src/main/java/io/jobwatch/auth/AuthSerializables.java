package io.jobwatch.auth;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.jobwatch.cluster.ClusterNames;

/** The identity module's objects that travel between members, by number (no Java serialization): revocation and users. */
public final class AuthSerializables implements DataSerializableFactory {
  static final int RAISE_TOKEN_FLOOR = 1;

  public static void register(Config config) {
    config.getSerializationConfig().addDataSerializableFactory(ClusterNames.AUTH_FACTORY, new AuthSerializables())
        .addSerializerConfig(new SerializerConfig().setTypeClass(UserRecord.class)
            .setImplementation(new UserRecordSerializer()));
  }

  @Override
  public IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case RAISE_TOKEN_FLOOR -> new RaiseTokenFloor();
      default -> throw new IllegalArgumentException("unknown class " + classId + " of factory " + ClusterNames.AUTH_FACTORY);
    };
  }
}

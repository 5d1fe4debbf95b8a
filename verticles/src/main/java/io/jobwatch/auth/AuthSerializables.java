package io.jobwatch.auth;

import com.hazelcast.config.Config;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** The identity module's objects that travel between members, by number (no Java serialization). */
public final class AuthSerializables implements DataSerializableFactory {
  public static final int FACTORY_ID = 2001;
  static final int RAISE_TOKEN_FLOOR = 1;

  public static void register(Config config) {
    config.getSerializationConfig().addDataSerializableFactory(FACTORY_ID, new AuthSerializables());
  }

  @Override
  public IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case RAISE_TOKEN_FLOOR -> new RaiseTokenFloor();
      default -> throw new IllegalArgumentException("unknown class " + classId + " of factory " + FACTORY_ID);
    };
  }
}

package io.jobwatch.registry.serialization;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializerConfig;
import io.jobwatch.registry.Outcome;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.protocol.QueueEvent;

/** Registers the compact serializers of the hot types; every node must register the same ones. */
public final class Serializers {
  private Serializers() {
  }

  public static void register(Config config) {
    config.getSerializationConfig()
        .addSerializerConfig(new SerializerConfig().setTypeClass(Job.class).setImplementation(new JobSerializer()))
        .addSerializerConfig(new SerializerConfig().setTypeClass(QueueEvent.class)
            .setImplementation(new QueueEventSerializer()))
        .addSerializerConfig(new SerializerConfig().setTypeClass(Outcome.class)
            .setImplementation(new OutcomeSerializer()));
  }
}

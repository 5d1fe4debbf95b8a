package io.jobwatch.registry.serialization;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializerConfig;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.registry.Outcome;
import io.jobwatch.registry.RegistrySerializables;
import io.jobwatch.registry.RunLogPage;
import io.jobwatch.registry.SubscribeSnapshot;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.protocol.QueueEvent;

/** Registers the registry's serializers and its data-serializable factory; every node must register the same ones. */
public final class Serializers {
  private Serializers() {
  }

  public static void register(Config config) {
    config.getSerializationConfig()
        .addSerializerConfig(new SerializerConfig().setTypeClass(Job.class).setImplementation(new JobSerializer()))
        .addSerializerConfig(new SerializerConfig().setTypeClass(QueueEvent.class)
            .setImplementation(new QueueEventSerializer()))
        .addSerializerConfig(new SerializerConfig().setTypeClass(Outcome.class)
            .setImplementation(new OutcomeSerializer()))
        .addSerializerConfig(new SerializerConfig().setTypeClass(RunLogPage.class)
            .setImplementation(new ReadAnswerSerializers.Page()))
        .addSerializerConfig(new SerializerConfig().setTypeClass(SubscribeSnapshot.class)
            .setImplementation(new ReadAnswerSerializers.Snapshot()));
    config.getSerializationConfig().addDataSerializableFactory(ClusterNames.REGISTRY_FACTORY,
        new RegistrySerializables());
  }
}

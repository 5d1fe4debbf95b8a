package io.jobwatch.cli;

import io.jobwatch.client.ClientOptions;
import io.jobwatch.client.JobwatchClient;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.time.Instant;

/** A command's connection: Vert.x and a client logged in with the saved token. */
final class Session implements AutoCloseable {
  final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
  final JobwatchClient client;

  Session(boolean workerChannel) {
    Settings settings = Settings.load();
    if (settings.expiresAt() != null && Instant.parse(settings.expiresAt()).isBefore(Instant.now())) {
      vertx.close();
      throw new Jobwatch.Exit(Jobwatch.Exit.REFUSED, "the login of " + settings.user()
          + " has expired: run jobwatch login again");
    }
    try {
      client = JobwatchClient.connect(vertx, ClientOptions.nodes(settings.urls()).token(settings.token())
          .workerChannel(workerChannel)).await();
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  @Override
  public void close() {
    client.close();
    vertx.close().await();
  }
}

package io.jobwatch.cluster;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.logging.Logger;

/**
 * Event-bus consumers that other nodes reach. Registering one writes to the cluster (Vert.x's
 * subscription multimap); while members join, partitions move, the write's backup can go
 * unconfirmed and, with {@code fail.on.indeterminate.state}, the registration fails. A node whose
 * services start then would give up its start, so an unconfirmed registration is made again.
 */
public final class ClusterConsumers {
  private static final Logger LOG = Logger.getLogger(ClusterConsumers.class.getName());
  private static final int ATTEMPTS = 5;

  private ClusterConsumers() {
  }

  /** Registers {@code handler} at {@code address}; completes once the cluster has the registration. */
  public static <T> Future<MessageConsumer<T>> register(Vertx vertx, String address, Handler<Message<T>> handler) {
    return register(vertx, address, handler, ATTEMPTS);
  }

  private static <T> Future<MessageConsumer<T>> register(Vertx vertx, String address, Handler<Message<T>> handler,
                                                          int attemptsLeft) {
    MessageConsumer<T> consumer = vertx.eventBus().consumer(address, handler);
    return consumer.completion().map(consumer).recover(t -> {
      if (attemptsLeft <= 1 || !UnconfirmedWrites.isCause(t)) {
        return Future.failedFuture(t);
      }
      LOG.info("the cluster did not confirm the consumer of " + address + " (partitions moving); registering it again");
      // Unregistered first, so that this node does not handle a message twice; whatever the removal answers.
      return consumer.unregister().transform(x -> register(vertx, address, handler, attemptsLeft - 1));
    });
  }
}

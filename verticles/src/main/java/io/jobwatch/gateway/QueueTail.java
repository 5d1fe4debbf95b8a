package io.jobwatch.gateway;

import io.jobwatch.registry.QueueHistory;
import io.jobwatch.shared.protocol.QueueEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Set;
import java.util.logging.Logger;

/**
 * This node's one reader of the queue history: it waits on the ringbuffer for the next events
 * and offers each, encoded once, to the sockets that want the queue channel. Started by the
 * first such socket; offsets come from the history itself, so nothing is lost or repeated even
 * when event-bus messages are.
 */
final class QueueTail {
  private static final Logger LOG = Logger.getLogger(QueueTail.class.getName());
  private final GatewayVerticle gateway;
  private Promise<Long> started;
  /** The next offset this node will read. */
  private long position = -1;

  QueueTail(GatewayVerticle gateway) {
    this.gateway = gateway;
  }

  long position() {
    return position;
  }

  /** Starts reading (once); answers the offset from which live events will be offered. */
  Future<Long> start() {
    if (started == null) {
      started = Promise.promise();
      gateway.vertx().executeBlocking(() -> gateway.store.history().nextOffsetBlocking(), false)
          .onSuccess(next -> {
            position = next;
            started.complete(next);
            readNext();
          })
          .onFailure(t -> {
            Promise<Long> failed = started;
            started = null;
            failed.fail(t);
          });
    }
    return started.future();
  }

  private void readNext() {
    gateway.store.history().read(position, true).onComplete(ar -> {
      if (ar.failed()) {
        LOG.fine("queue history read failed, retrying: " + ar.cause());
        gateway.vertx().setTimer(500, id -> readNext());
        return;
      }
      var set = ar.result();
      if (QueueHistory.overrun(position, set)) {
        // Sockets at the old position see the jump and read (or give up) on their own.
        LOG.warning("queue history overran this node's reader at offset " + position);
      }
      for (int i = 0; i < set.readCount(); i++) {
        long offset = set.getSequence(i);
        QueueEvent event = set.get(i);
        String frame = event.toWire(offset).encode();
        for (WsSession s : Set.copyOf(gateway.sessions)) {
          s.offerQueueEvent(offset, event, frame);
        }
        position = offset + 1;
      }
      readNext();
    });
  }
}

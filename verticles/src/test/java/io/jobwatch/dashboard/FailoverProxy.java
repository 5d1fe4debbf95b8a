package io.jobwatch.dashboard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.List;

/**
 * A tiny TCP load balancer for tests: each new connection goes to the first backend, in order,
 * that accepts it; bytes are passed through both ways. A page behind it reconnects to "the same
 * address" and lands on a live node, as behind a real load balancer; while the first node lives,
 * every connection goes to it, so a test knows which node to stop.
 */
final class FailoverProxy implements AutoCloseable {
  private final Vertx vertx;
  private final List<Integer> backends;
  private final NetClient client;
  private NetServer server;

  FailoverProxy(Vertx vertx, List<Integer> backendPorts) {
    this.vertx = vertx;
    this.backends = backendPorts;
    this.client = vertx.createNetClient();
  }

  /** Listens on 127.0.0.1; answers the port. */
  int start(int port) {
    server = vertx.createNetServer().connectHandler(this::accept);
    return server.listen(port, "127.0.0.1").await().actualPort();
  }

  private void accept(NetSocket front) {
    front.pause();
    connect(0, backends.size()).onComplete(ar -> {
      if (ar.failed()) {
        front.close();
        return;
      }
      NetSocket back = ar.result();
      front.pipeTo(back).onComplete(x -> back.close());
      back.pipeTo(front).onComplete(x -> front.close());
      front.resume();
    });
  }

  private Future<NetSocket> connect(int index, int triesLeft) {
    int port = backends.get(Math.floorMod(index, backends.size()));
    return client.connect(port, "127.0.0.1")
        .recover(t -> triesLeft > 1 ? connect(index + 1, triesLeft - 1) : Future.failedFuture(t));
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().await();
    }
    client.close().await();
  }
}

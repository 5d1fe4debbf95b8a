package io.jobwatch.registry;

import io.jobwatch.node.LocalCodec;
import io.jobwatch.shared.protocol.Addresses;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/** Sends commands to this node's registry; answers are JSON bodies, refusals are {@link ApiError}s. */
public final class RegistryClient {
  /** Longer than the longest long poll (60 s). */
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(LocalCodec.NAME)
      .setLocalOnly(true).setSendTimeout(75_000);
  private final Vertx vertx;

  public RegistryClient(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<Buffer> request(RegistryCommand command) {
    return vertx.eventBus().<Buffer>request(Addresses.REGISTRY, command, OPTIONS)
        .map(reply -> reply.body())
        .recover(RegistryClient::asApiError);
  }

  private static Future<Buffer> asApiError(Throwable t) {
    if (t instanceof ReplyException re && re.failureCode() >= 400) {
      return Future.failedFuture(ApiError.fromJson(re.failureCode(), new JsonObject(re.getMessage())));
    }
    return Future.failedFuture(ApiError.unavailable("the registry did not answer: " + t.getMessage()));
  }
}

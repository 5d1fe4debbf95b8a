package io.jobwatch.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Hazelcast's async answers as Vert.x futures, completed on the caller's context.
 *
 * <p>Why not {@code Future.fromCompletionStage}: that registers a plain {@code whenComplete},
 * which Hazelcast runs on its default async executor; on a machine with two cores that executor
 * starts a new thread for every callback (the JDK's common pool has parallelism 1 there). Here
 * the callback runs where the answer arrives and only hands the result to the event loop.
 */
public final class HazelcastFutures {
  private static final Executor CALLER_RUNS = Runnable::run;

  private HazelcastFutures() {
  }

  public static <T> Future<T> on(Context context, CompletionStage<T> stage) {
    Promise<T> promise = Promise.promise();
    stage.whenCompleteAsync((value, failure) -> context.runOnContext(v -> {
      if (failure != null) {
        promise.fail(failure);
      } else {
        promise.complete(value);
      }
    }), CALLER_RUNS);
    return promise.future();
  }
}

package io.jobwatch.auth;

import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a node hashes and checks passwords (PBKDF2, a tenth of a second of CPU each): on half the
 * cores at most, with at most {@link #MAX_WAITING} checks waiting; beyond that 429. So a flood of
 * logins — many names, many addresses — slows logins down but never takes the cores or the worker
 * pool that serve everything else.
 */
final class PasswordWork {
  static final int MAX_WAITING = 32;
  private final WorkerExecutor executor;
  private final AtomicInteger pending = new AtomicInteger();

  PasswordWork(Vertx vertx) {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    this.executor = vertx.createSharedWorkerExecutor("jobwatch-passwords", threads);
  }

  <T> Future<T> run(Callable<T> work) {
    if (pending.incrementAndGet() > MAX_WAITING) {
      pending.decrementAndGet();
      return Future.failedFuture(new ApiError(429, "rate_limited",
          "this node is checking too many passwords at once; retry in a second"));
    }
    return executor.executeBlocking(work, false).andThen(ar -> pending.decrementAndGet());
  }
}

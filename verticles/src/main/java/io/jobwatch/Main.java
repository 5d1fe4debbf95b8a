package io.jobwatch;

import io.jobwatch.node.Launcher;

/** {@code java -jar jobwatch.jar}: one node, configured from the environment. */
public final class Main {
  public static void main(String[] args) {
    // Before anything touches the common pool: with parallelism 1 (two cores) Hazelcast and
    // CompletableFuture start a new thread per async callback instead of using a pool.
    if (System.getProperty(Launcher.COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(Launcher.COMMON_POOL_PARALLELISM, "4");
    }
    Launcher.run();
  }
}

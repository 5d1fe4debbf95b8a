package io.jobwatch.node;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Starts a node from the environment and stops it gracefully on SIGTERM: vertx-hazelcast turns
 * Hazelcast's own shutdown hook off, so without this hook a stopped node would look crashed to
 * the cluster.
 */
public final class Launcher {
  private static final Logger LOG = Logger.getLogger(Launcher.class.getName());
  public static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private Launcher() {
  }

  public static void run() {
    configureLogging();
    NodeConfig config;
    try {
      config = NodeConfig.fromEnvironment();
    } catch (IllegalArgumentException e) {
      LOG.severe("bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (config.warmupSeconds() > 0) {
      try {
        WarmStart.run(config, config.warmupSeconds());
      } catch (Exception e) {
        // A node that could not warm up still serves, only slower at first.
        LOG.log(Level.WARNING, "warm start failed; starting cold", e);
      }
    }
    JobwatchNode node;
    try {
      node = JobwatchNode.start(config).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      LOG.log(Level.SEVERE, "Jobwatch node failed to start: " + cause.getMessage(), cause);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        // Bounded: the platform kills the process after its own grace period anyway (JOBWATCH_STOP_TIMEOUT
        // must fit in it); a partition migration of a large map may need more than the default.
        node.stop().toCompletionStage().toCompletableFuture().get(config.stopTimeoutSeconds(), TimeUnit.SECONDS);
        // java.util.logging resets itself in its own shutdown hook, which may already have run.
        System.err.println(Instant.now() + " INFO    [" + Launcher.class.getName() + "] Jobwatch node stopped");
      } catch (Exception e) {
        LOG.warning("Jobwatch node did not stop cleanly: " + e);
      }
    }, "jobwatch-shutdown"));
  }

  /** Our logging.properties, unless the operator named another with -Djava.util.logging.config.file. */
  public static void configureLogging() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    try (InputStream in = Launcher.class.getResourceAsStream("/jobwatch-logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    } catch (IOException e) {
      LOG.warning("cannot read jobwatch-logging.properties: " + e.getMessage());
    }
  }
}

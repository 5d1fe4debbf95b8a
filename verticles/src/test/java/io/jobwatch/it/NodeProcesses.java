package io.jobwatch.it;

import io.jobwatch.testing.FreePorts;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Real Jobwatch node processes started from the built jar, on 127.0.0.1, as a user would start them. */
final class NodeProcesses implements AutoCloseable {
  static final String ADMIN_PASSWORD = "it-admin-password";
  private static final String SECRET = "it-secret-0123456789-0123456789-0123456789";

  final List<Integer> httpPorts = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final List<Map<String, String>> environments = new ArrayList<>();
  private final String jar;
  private int starts;

  private final Path logs;
  private final String logPrefix;

  NodeProcesses(int count, String logPrefix) throws IOException {
    this(count, logPrefix, Map.of());
  }

  /** {@code count} nodes of one cluster, each with {@code extraEnv} besides the defaults. */
  NodeProcesses(int count, String logPrefix, Map<String, String> extraEnv) throws IOException {
    this.logPrefix = logPrefix;
    jar = System.getProperty("jobwatch.jar", "target/jobwatch.jar");
    if (!new File(jar).isFile()) {
      throw new IllegalStateException("no jar at " + jar + ": run mvn verify (package comes first)");
    }
    logs = Path.of(System.getProperty("jobwatch.it.logs", "target/it-logs"));
    Files.createDirectories(logs);
    List<Integer> memberPorts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      memberPorts.add(FreePorts.next());
      httpPorts.add(FreePorts.next());
    }
    String members = memberPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    String cluster = "jobwatch-it-" + UUID.randomUUID();
    for (int i = 0; i < count; i++) {
      Map<String, String> env = new HashMap<>(extraEnv);
      env.putAll(Map.of(
          "JOBWATCH_HTTP_PORT", Integer.toString(httpPorts.get(i)),
          "JOBWATCH_CLUSTER_PORT", Integer.toString(memberPorts.get(i)),
          "JOBWATCH_CLUSTER_MEMBERS", members,
          "JOBWATCH_CLUSTER_NAME", cluster,
          "JOBWATCH_JWT_SECRET", SECRET,
          "JOBWATCH_ADMIN_PASSWORD", ADMIN_PASSWORD,
          "JOBWATCH_PASSWORD_ITERATIONS", "1000"));
      environments.add(env);
      processes.add(launch(i));
    }
  }

  private Process launch(int i) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-Xmx384m", "-jar", jar);
    pb.environment().putAll(environments.get(i));
    // Each start of a node logs to its own file (a replacement does not overwrite its predecessor's).
    Path log = starts++ < environments.size() ? log(i) : logs.resolve(logPrefix + "-node-" + i + "-" + starts + ".log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  Path log(int i) {
    return logs.resolve(logPrefix + "-node-" + i + ".log");
  }

  /** SIGTERM, as an orchestrator stops a node, and waits until the process ended; answers its exit code. */
  int stop(int i) throws InterruptedException {
    Process p = processes.get(i);
    p.destroy();
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException("node " + i + " did not stop within 60 s of SIGTERM");
    }
    return p.exitValue();
  }

  /** Starts a replacement of node {@code i} (stopped before) with the same ports and configuration. */
  void restart(int i) throws IOException {
    if (processes.get(i).isAlive()) {
      throw new IllegalStateException("node " + i + " still runs");
    }
    processes.set(i, launch(i));
  }

  Path logDirectory() {
    return logs;
  }

  /** SIGSTOP / SIGCONT: the node hangs (a long GC pause, a frozen VM) and comes back. */
  void signal(int i, String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(processes.get(i).pid())).start().waitFor();
  }

  Process process(int i) {
    return processes.get(i);
  }

  /** SIGKILL: the node dies as if its machine did. */
  void kill(int i) throws InterruptedException {
    processes.get(i).destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

}

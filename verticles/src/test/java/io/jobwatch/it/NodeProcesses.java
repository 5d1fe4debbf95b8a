package io.jobwatch.it;

import io.jobwatch.testing.FreePorts;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Real Jobwatch node processes started from the built jar, on 127.0.0.1, as a user would start them. */
final class NodeProcesses implements AutoCloseable {
  static final String ADMIN_PASSWORD = "it-admin-password";
  private static final String SECRET = "it-secret-0123456789-0123456789-0123456789";

  final List<Integer> httpPorts = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final List<Map<String, String>> environments = new ArrayList<>();
  private final String jar;
  private int starts;
  private final Map<Integer, Path> latestLogs = new HashMap<>();

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
    latestLogs.put(i, log);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  /**
   * Waits until every node answers {@code /ready} 200. When one does not within {@code timeout},
   * fails with what each unready node logged last: a start that fails on a CI machine must say why
   * in the build's output, where the node logs are not kept.
   */
  void awaitReady(Duration timeout) {
    awaitReady(timeout, IntStream.range(0, httpPorts.size()).toArray());
  }

  /** {@link #awaitReady(Duration)} for the nodes given. */
  void awaitReady(Duration timeout, int... nodes) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Set<Integer> waiting = new TreeSet<>();
    for (int i : nodes) {
      waiting.add(i);
    }
    try {
      Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
        waiting.removeIf(i -> ready(http, i));
        return waiting.isEmpty();
      });
    } catch (ConditionTimeoutException e) {
      StringBuilder why = new StringBuilder("nodes " + waiting + " not ready within " + timeout);
      for (int i : waiting) {
        why.append("\n--- node ").append(i).append(processes.get(i).isAlive() ? " (running)" : " (ended)")
            .append(", last lines of its log:\n").append(tail(latestLog(i), 60));
      }
      throw new AssertionError(why.toString(), e);
    }
  }

  private boolean ready(HttpClient http, int i) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts.get(i) + "/api/v1/ready"))
          .timeout(Duration.ofSeconds(5)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Path latestLog(int i) {
    return latestLogs.getOrDefault(i, log(i));
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
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

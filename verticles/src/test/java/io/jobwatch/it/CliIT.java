package io.jobwatch.it;

import io.jobwatch.client.ClientOptions;
import io.jobwatch.client.JobHandle;
import io.jobwatch.client.JobwatchClient;
import io.jobwatch.testing.Api;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code jobwatch} command line run as a process against three node processes: login (and its
 * refusals), submit, jobs, tail, kill, token, and {@code watch} through a SIGKILL of the node it
 * reads from: every line once, in order, and the exit code of the job's end.
 */
class CliIT {
  private static final String SECRET = "it-secret-0123456789-0123456789-0123456789";

  /** A finished CLI run: exit code, standard output and error. */
  private record Run(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  /** A CLI run under way (for {@code watch}). */
  private static final class Running {
    final Process process;
    final List<String> out = Collections.synchronizedList(new ArrayList<>());

    Running(Process process) {
      this.process = process;
      Thread reader = new Thread(() -> process.inputReader(StandardCharsets.UTF_8).lines().forEach(out::add));
      reader.setDaemon(true);
      reader.start();
    }
  }

  private final Path config = Files.createTempDirectory("jobwatch-cli-it");

  CliIT() throws IOException {
  }

  private ProcessBuilder cli(String... args) {
    String jar = System.getProperty("jobwatch.cli.jar", "../cli/target/jobwatch-cli.jar");
    if (!new File(jar).isFile()) {
      throw new IllegalStateException("no CLI jar at " + jar + ": run mvn verify (package comes first)");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("JOBWATCH_CONFIG_DIR", config.toString());
    pb.environment().remove("JOBWATCH_JWT_SECRET");
    return pb;
  }

  private Run run(String stdin, String... args) throws Exception {
    Process p = cli(args).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI ended: " + String.join(" ", args));
    return new Run(p.exitValue(), out, err);
  }

  private static void assertOneLineError(Run r) {
    assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r.err());
    assertTrue(r.err().startsWith("jobwatch: "), r.err());
  }

  @Test
  void verifiesTheCommandLineAgainstARealClusterWatchThroughANodeKillIncluded() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (NodeProcesses nodes = new NodeProcesses(3, "cli")) {
      List<Api> apis = new ArrayList<>();
      for (int port : nodes.httpPorts) {
        apis.add(Api.to(vertx, port));
      }
      nodes.awaitReady(Duration.ofMinutes(3));
      String urls = "http://127.0.0.1:" + nodes.httpPorts.get(1) + ",http://127.0.0.1:" + nodes.httpPorts.get(2);

      Run nowhere = run("x\n", "login", "--url", "http://127.0.0.1:1", "--user", "admin", "--password-stdin");
      assertEquals(3, nowhere.code());
      assertOneLineError(nowhere);
      Run refused = run("wrong-password\n", "login", "--url", urls, "--user", "admin", "--password-stdin");
      assertEquals(4, refused.code());
      assertOneLineError(refused);
      Run login = run(NodeProcesses.ADMIN_PASSWORD + "\n", "login", "--url", urls, "--user", "admin", "--password-stdin");
      assertEquals(0, login.code(), login.err());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config.resolve("login.json"))));

      Run submit = run(null, "submit", "cli.job", "--args", "{\"n\":1}");
      assertEquals(0, submit.code(), submit.err());
      String jobId = submit.out().trim();
      Run jobs = run(null, "jobs", "--name", "cli.*");
      assertEquals(0, jobs.code(), jobs.err());
      assertTrue(jobs.lines().get(0).startsWith("JOB ID"));
      assertTrue(jobs.out().contains(jobId) && jobs.out().contains("pending"), jobs.out());
      Run jobsJson = run(null, "jobs", "--name", "cli.*", "--json");
      assertEquals(jobId, new JsonObject(jobsJson.out()).getJsonArray("data").getJsonObject(0).getString("jobId"));

      Run tail = run(null, "tail", "--since", "-1", "--count", "1", "--json");
      assertEquals(0, tail.code(), tail.err());
      assertEquals(0L, new JsonObject(tail.lines().get(0)).getLong("offset"));

      // watch, through a SIGKILL of node 1 (the first of its URLs), while a worker writes through node 0.
      ClientOptions workerOptions = ClientOptions.nodes("http://127.0.0.1:" + nodes.httpPorts.get(0),
          "http://127.0.0.1:" + nodes.httpPorts.get(2)).login("admin", NodeProcesses.ADMIN_PASSWORD)
          .maxBackoff(Duration.ofMillis(500));
      try (JobwatchClient worker = JobwatchClient.connect(vertx, workerOptions).await()) {
        JobHandle job = worker.worker(jobId);
        job.start().await();
        Running watch = new Running(cli("watch", jobId).start());
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 2000; i++) {
          lines.add("line " + i);
        }
        Future<Integer> writes = Future.succeededFuture(0);
        for (int i = 0; i < 2000; i += 20) {
          writes = job.log(lines.subList(i, i + 20).toArray(new String[0]));
          if (i == 600) {
            writes.await();
            await().atMost(30, SECONDS).until(() -> logLines(watch).size() >= 300);
            nodes.kill(1);
          }
        }
        writes.await();
        job.status(100, "done").await();
        job.complete(null).await();
        assertTrue(watch.process.waitFor(120, TimeUnit.SECONDS), "watch ends when the job does");
        assertEquals(0, watch.process.exitValue(), "complete: exit 0");
        assertEquals(lines, logLines(watch), "every line once, in order, across the kill");
      }

      String other = run(null, "submit", "cli.kill").out().trim();
      Run kill = run(null, "kill", other, "--reason", "test");
      assertEquals(0, kill.code(), kill.err());
      assertTrue(kill.out().contains("killed"), kill.out());
      assertEquals(5, run(null, "watch", other).code(), "a killed job: exit 5");
      Run unknown = run(null, "watch", "no-such-job");
      assertEquals(6, unknown.code());
      assertOneLineError(unknown);

      Run mint = run(null, "token", "mint", "--secret", SECRET, "--user", "tina", "--roles", "user");
      assertEquals(0, mint.code(), mint.err());
      String token = mint.out().trim();
      Run check = run(null, "token", "check", "--secret", SECRET, token);
      assertEquals(0, check.code(), check.err());
      assertEquals("tina", new JsonObject(check.out()).getString("sub"));
      assertEquals(200, apis.get(0).withToken(token).get("/jobs").status(), "the cluster takes the minted token");
      Run forged = run(null, "token", "check", "--secret", "another-secret-0123456789-0123456789", token);
      assertEquals(4, forged.code());
      assertOneLineError(forged);
      Run help = run(null, "watch", "--help");
      assertEquals(0, help.code());
      assertFalse(help.out().isBlank());
      apis.forEach(Api::close);
    } finally {
      vertx.close().await();
    }
  }

  private static List<String> logLines(Running watch) {
    synchronized (watch.out) {
      return watch.out.stream().filter(l -> l.startsWith("line ")).toList();
    }
  }
}

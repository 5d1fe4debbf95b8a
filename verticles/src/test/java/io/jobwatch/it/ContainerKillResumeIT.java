package io.jobwatch.it;

import io.jobwatch.client.ClientOptions;
import io.jobwatch.client.JobFollow;
import io.jobwatch.client.JobwatchClient;
import io.jobwatch.testing.Api;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container twin of {@link NodeKillResumeIT}: the image built from {@code k8s/Dockerfile}
 * (with the jar of this build), three containers on one Docker network joined by
 * {@code JOBWATCH_CLUSTER_MEMBERS}; a follower reads a job's log over WebSocket on container 1
 * while a worker writes through container 2; container 1 is killed, the follower resumes on
 * container 3 and has every line once, in order. Skipped where no Docker engine answers (the
 * process tests prove the same there); run it with {@code mvn -B verify -Dit.test=ContainerKillResumeIT}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKillResumeIT {
  private static final String SECRET = "container-secret-0123456789-0123456789";
  private static final String PASSWORD = "container-admin-password";
  private static final int LINES = 3000;

  @Test
  void verifiesThatAFollowerWhoseContainerIsKilledResumesOnAnotherWithEveryLineOnce() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path jar = Path.of(System.getProperty("jobwatch.jar", "target/jobwatch.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "the jar is built before the integration phase: " + jar);
    ImageFromDockerfile image = new ImageFromDockerfile("jobwatch-it", true)
        .withFileFromPath("k8s/Dockerfile", root.resolve("k8s/Dockerfile"))
        .withFileFromPath("verticles/target/jobwatch.jar", jar)
        .withDockerfilePath("k8s/Dockerfile");
    Vertx vertx = Vertx.vertx();
    try (Network network = Network.newNetwork()) {
      List<GenericContainer<?>> nodes = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        GenericContainer<?> node = new GenericContainer<>(image)
            .withNetwork(network).withNetworkAliases("node" + i)
            .withEnv("JOBWATCH_CLUSTER_MEMBERS", "node1:5701,node2:5701,node3:5701")
            .withEnv("JOBWATCH_CLUSTER_PORT", "5701")
            .withEnv("JOBWATCH_JWT_SECRET", SECRET)
            .withEnv("JOBWATCH_ADMIN_PASSWORD", PASSWORD)
            .withEnv("JOBWATCH_PASSWORD_ITERATIONS", "1000")
            // Hazelcast binds to the container's own address, known only inside it.
            .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("sh", "-c",
                "JOBWATCH_CLUSTER_HOST=$(hostname -i) exec java -XX:MaxRAMPercentage=70 -jar jobwatch.jar"))
            .withExposedPorts(8080)
            .waitingFor(Wait.forHttp("/api/v1/ready").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
        nodes.add(node);
      }
      nodes.parallelStream().forEach(GenericContainer::start);
      try {
        List<Api> apis = nodes.stream().map(n -> Api.to(vertx, n.getMappedPort(8080))).toList();
        Api writer = apis.get(1).as("admin", PASSWORD);
        String jobId = writer.createJob("container.kill.resume").getString("jobId");
        assertEquals(200, writer.event(jobId, "request_start_job").status());
        List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        ClientOptions options = ClientOptions.nodes("http://" + nodes.get(0).getHost() + ":" + nodes.get(0).getMappedPort(8080),
                "http://" + nodes.get(2).getHost() + ":" + nodes.get(2).getMappedPort(8080))
            .login("admin", PASSWORD).maxBackoff(Duration.ofMillis(500));
        try (JobwatchClient follower = JobwatchClient.connect(vertx, options).await(60, SECONDS)) {
          follower.follow(jobId, null, 0, new JobFollow.Listener() {
            @Override
            public void lines(int attempt, int firstLine, List<String> lines) {
              if (firstLine != heard.size() + 1) {
                problems.add("lines from " + firstLine + " after " + heard.size());
              }
              heard.addAll(lines);
            }
          }).await(60, SECONDS);
          List<String> all = new ArrayList<>();
          for (int n = 1; n <= LINES; n++) {
            all.add("line " + n);
          }
          for (int n = 0; n < LINES; n += 10) {
            Api.Response r = writer.post("/jobs/" + jobId + "/runlog",
                new JsonObject().put("lines", new JsonArray(all.subList(n, n + 10))).put("after", n));
            assertEquals(200, r.status(), r.toString());
            if (n == 1000) {
              await().atMost(60, SECONDS).until(() -> heard.size() >= 500);
              nodes.get(0).getDockerClient().killContainerCmd(nodes.get(0).getContainerId()).exec();
            }
          }
          await().atMost(120, SECONDS).until(() -> heard.size() >= LINES);
          assertEquals(List.of(), problems);
          assertEquals(all, heard, "every line once, in order");
        }
        apis.forEach(Api::close);
      } finally {
        nodes.forEach(GenericContainer::stop);
      }
    } finally {
      vertx.close().await();
    }
  }
}

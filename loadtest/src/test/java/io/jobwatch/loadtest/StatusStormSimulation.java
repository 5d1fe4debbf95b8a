package io.jobwatch.loadtest;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * SETSTATUS and run-log appends against running nodes, {@code jobwatch.concurrency} requests in
 * flight (one running job per virtual user, so appends can use {@code after}). Properties:
 * jobwatch.url (comma-separated for several nodes), jobwatch.password, jobwatch.concurrency (64),
 * jobwatch.seconds (60), jobwatch.statusPerAppend (4).
 */
public class StatusStormSimulation extends Simulation {
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern JOB_ID = Pattern.compile("\"jobId\"\\s*:\\s*\"([^\"]+)\"");

  private final List<String> urls = List.of(System.getProperty("jobwatch.url", "http://127.0.0.1:8080").split(","));
  private final String password = System.getProperty("jobwatch.password", "admin");
  private final int users = Integer.getInteger("jobwatch.concurrency", 64);
  private final int seconds = Integer.getInteger("jobwatch.seconds", 60);
  private final int statusPerAppend = Integer.getInteger("jobwatch.statusPerAppend", 4);
  private final HttpClient setupClient = HttpClient.newHttpClient();
  private final String token = login();
  private final List<String> jobs = createRunningJobs();
  private final AtomicInteger next = new AtomicInteger();

  private final HttpProtocolBuilder protocol = http
      .baseUrls(urls.stream().map(u -> u + "/api/v1").toList())
      .contentTypeHeader("application/json")
      .authorizationHeader("Bearer " + token)
      .shareConnections();

  private final ChainBuilder report = exec(http("SETSTATUS").post("/jobs/#{jobId}/status")
      .body(StringBody(s -> "{\"percent\":" + (s.getInt("round") % 101) + ",\"desc\":\"round " + s.getInt("round") + "\"}"))
      .check(status().is(200)));

  private final ChainBuilder append = exec(http("runlog append").post("/jobs/#{jobId}/runlog")
      .body(StringBody(s -> "{\"lines\":[\"a line of output\",\"another line\"],\"after\":" + s.getInt("lines") + "}"))
      .check(status().is(200)))
      .exec(s -> s.set("lines", s.getInt("lines") + 2));

  private final ScenarioBuilder storm = scenario("status storm")
      .exec(s -> s.set("jobId", jobs.get(next.getAndIncrement() % jobs.size())).set("lines", 0).set("round", 0))
      .during(Duration.ofSeconds(seconds)).on(
          repeat(statusPerAppend).on(report.exec(s -> s.set("round", s.getInt("round") + 1))),
          append);

  {
    setUp(storm.injectOpen(atOnceUsers(users))).protocols(protocol)
        .assertions(global().failedRequests().count().is(0L));
  }

  private String login() {
    String body = post("/login", "{\"username\":\"admin\",\"password\":\"" + password + "\"}", null);
    Matcher m = TOKEN.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("login failed: " + body);
    }
    return m.group(1);
  }

  private List<String> createRunningJobs() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      Matcher m = JOB_ID.matcher(post("/jobs", "{\"name\":\"loadtest.storm\"}", token));
      if (!m.find()) {
        throw new IllegalStateException("create failed");
      }
      String id = m.group(1);
      post("/jobs/" + id + "/events", "{\"name\":\"request_start_job\"}", token);
      ids.add(id);
    }
    return ids;
  }

  private String post(String path, String json, String bearer) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(urls.get(0) + "/api/v1" + path))
          .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
      if (bearer != null) {
        b.header("authorization", "Bearer " + bearer);
      }
      return setupClient.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      throw new IllegalStateException("setup request " + path + " failed", e);
    }
  }
}

package io.jobwatch.loadtest;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * WebSocket followers under a status storm: {@code jobwatch.subs} sockets follow the queue
 * channel and one running job each, and measure ping→pong round trips through the gateway while
 * {@code jobwatch.concurrency} workers send SETSTATUS and run-log appends. Properties as in
 * {@link StatusStormSimulation}, plus jobwatch.subs (100).
 */
public class FollowersSimulation extends Simulation {
  private final JobwatchSetup setup = new JobwatchSetup();
  private final int workers = Integer.getInteger("jobwatch.concurrency", 64);
  private final int subs = Integer.getInteger("jobwatch.subs", 100);
  private final int seconds = Integer.getInteger("jobwatch.seconds", 60);
  private final List<String> jobs = setup.createRunningJobs(workers);
  private final AtomicInteger nextWorker = new AtomicInteger();
  private final AtomicInteger nextFollower = new AtomicInteger();

  private final HttpProtocolBuilder protocol = http
      .baseUrls(setup.urls.stream().map(u -> u + "/api/v1").toList())
      .wsBaseUrls(setup.urls.stream().map(u -> u.replaceFirst("^http", "ws")).toList())
      .contentTypeHeader("application/json")
      .authorizationHeader("Bearer " + setup.token);

  private final ChainBuilder report = exec(http("SETSTATUS").post("/jobs/#{jobId}/status")
      .body(StringBody(s -> "{\"percent\":" + (s.getInt("round") % 101) + "}"))
      .check(status().is(200)))
      .exec(s -> s.set("round", s.getInt("round") + 1));

  private final ChainBuilder append = exec(http("runlog append").post("/jobs/#{jobId}/runlog")
      .body(StringBody(s -> "{\"lines\":[\"a line\",\"another line\"],\"after\":" + s.getInt("lines") + "}"))
      .check(status().is(200)))
      .exec(s -> s.set("lines", s.getInt("lines") + 2));

  private final ScenarioBuilder storm = scenario("workers")
      .exec(s -> s.set("jobId", jobs.get(nextWorker.getAndIncrement() % jobs.size())).set("lines", 0).set("round", 0))
      .during(Duration.ofSeconds(seconds)).on(report, report, report, report, append);

  private final ScenarioBuilder followers = scenario("followers")
      .exec(s -> s.set("jobId", jobs.get(nextFollower.getAndIncrement() % jobs.size())))
      .exec(ws("connect").connect("/api/v1/ws").header("Authorization", "Bearer " + setup.token))
      .exec(ws("interest").sendText("{\"type\":\"interest\",\"data\":[\"queue\"]}")
          .await(10).on(ws.checkTextMessage("interest answer").matching(jsonPath("$.type").is("interest"))
              .check(jsonPath("$.recovered").is("true"))))
      .exec(ws("subscribe").sendText("{\"type\":\"subscribe\",\"subscriptions\":[{\"jobId\":\"#{jobId}\"}]}")
          .await(10).on(ws.checkTextMessage("current status").matching(jsonPath("$.type").is("CURRENT_JOB_STATUS"))
              .check(jsonPath("$.jobId").exists())))
      .during(Duration.ofSeconds(seconds)).on(
          exec(ws("ping").sendText("{\"type\":\"ping\"}")
              .await(10).on(ws.checkTextMessage("pong").matching(regex("\"pong\"").exists())
                  .check(regex("pong").exists())))
              .pause(Duration.ofMillis(500)))
      .exec(ws("close").close());

  {
    setUp(storm.injectOpen(atOnceUsers(workers)), followers.injectOpen(atOnceUsers(subs)))
        .protocols(protocol)
        .assertions(global().failedRequests().count().is(0L));
  }
}

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

  private final JobwatchSetup setup = new JobwatchSetup();
  private final int users = Integer.getInteger("jobwatch.concurrency", 64);
  private final int seconds = Integer.getInteger("jobwatch.seconds", 60);
  private final int statusPerAppend = Integer.getInteger("jobwatch.statusPerAppend", 4);
  private final List<String> jobs = setup.createRunningJobs(users);
  private final AtomicInteger next = new AtomicInteger();

  private final HttpProtocolBuilder protocol = http
      .baseUrls(setup.urls.stream().map(u -> u + "/api/v1").toList())
      .contentTypeHeader("application/json")
      .authorizationHeader("Bearer " + setup.token)
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
}

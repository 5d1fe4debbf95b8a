package io.jobwatch.auth;

import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.jobwatch.testing.Tokens;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verifies that a flood of logins for many names from many addresses (which no per-name or
 * per-address limit slows) is turned away with 429 once the node's password checks are queued
 * up, and that the node answers other requests while the flood is being checked.
 */
@JobwatchCluster(env = {
    "JOBWATCH_PASSWORD_ITERATIONS=210000",
    "JOBWATCH_CLIENT_ADDRESS_HEADER=X-Forwarded-For"})
class LoginFloodTest {
  private static TestCluster cluster;
  private static WebClient client;

  @BeforeAll
  static void start(TestCluster started) {
    // Production-strength hashing: each check takes a real share of a core.
    cluster = started;
    client = WebClient.create(cluster.node(0).vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(cluster.node(0).config().httpPort()), new PoolOptions().setHttp1MaxSize(200));
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  @Test
  void verifiesThatALoginFloodIsTurnedAwayAndOtherRequestsAreServedMeanwhile() {
    int flood = 150;
    AtomicInteger answered = new AtomicInteger();
    List<Future<HttpResponse<Buffer>>> logins = new ArrayList<>();
    for (int i = 0; i < flood; i++) {
      logins.add(client.post("/api/v1/login").putHeader("X-Forwarded-For", "10.4." + (i / 250) + "." + (i % 250))
          .sendJsonObject(new JsonObject().put("username", "nobody-" + i).put("password", "guess-" + i))
          .andThen(ar -> answered.incrementAndGet()));
    }
    HttpResponse<Buffer> meanwhile = client.get("/api/v1/jobs")
        .putHeader("Authorization", "Bearer " + Tokens.adminExpiringIn(60)).send().await();
    int answeredWhenServed = answered.get();
    Future.join(logins).await();

    assertEquals(200, meanwhile.statusCode(), meanwhile.bodyAsString());
    assertTrue(answeredWhenServed < flood, "a request was served while " + (flood - answeredWhenServed)
        + " logins were still being checked");
    long refused = logins.stream().filter(f -> f.result().statusCode() == 401).count();
    List<HttpResponse<Buffer>> limited = logins.stream().map(Future::result).filter(r -> r.statusCode() == 429).toList();
    assertEquals(flood, refused + limited.size(), "each login is refused or turned away");
    // At most MAX_WAITING checks wait at a time; the flood arrives far faster than checks finish.
    assertTrue(refused < flood / 2, refused + " of " + flood + " were checked; the rest should have been turned away");
    assertEquals("rate_limited", limited.get(0).bodyAsJsonObject().getString("error"));
  }
}

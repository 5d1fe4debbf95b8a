package io.jobwatch.auth;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.jobwatch.node.ClusterConfigFactory;
import io.jobwatch.node.NodeConfig;
import io.jobwatch.shared.protocol.ApiError;
import io.jobwatch.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Verifies that a login costs the same work whether the name exists or not (one full password
 * check each), so its timing does not tell which user names exist.
 */
class LoginCostTest {
  private static HazelcastInstance member;
  private static Vertx vertx;
  private static UserStore users;
  private static final AtomicInteger checks = new AtomicInteger();
  private static final AtomicInteger nullHashes = new AtomicInteger();

  @BeforeAll
  static void start() {
    NodeConfig config = NodeConfig.from(Map.of("JOBWATCH_CLUSTER_NAME", "login-cost-" + UUID.randomUUID(),
        "JOBWATCH_CLUSTER_PORT", Integer.toString(FreePorts.next())));
    member = Hazelcast.newHazelcastInstance(ClusterConfigFactory.create(config));
    vertx = Vertx.vertx();
    Passwords counting = new Passwords(1000) {
      @Override
      public boolean verify(String hash, String password) {
        checks.incrementAndGet();
        if (hash == null) {
          nullHashes.incrementAndGet();
        }
        return super.verify(hash, password);
      }
    };
    users = new UserStore(vertx, vertx.getOrCreateContext(), member, counting);
    users.ensureAdmin("admin-password").await();
    users.create(new JsonObject(), "known", "known-password", List.of("user"), List.of()).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    member.shutdown();
  }

  private static int checksOf(String name, String password, boolean succeeds) {
    checks.set(0);
    if (succeeds) {
      users.login(name, password).await();
    } else {
      ApiError e = assertThrows(ApiError.class, () -> users.login(name, password).await());
      assertEquals(401, e.status());
      assertEquals("wrong username or password", e.getMessage());
    }
    return checks.get();
  }

  @Test
  void verifiesThatUnknownAndKnownNamesCostOneFullPasswordCheckEach() {
    assertEquals(1, checksOf("nobody", "whatever-password", false), "an unknown name");
    assertEquals(1, checksOf("known", "wrong-password", false), "a known name, wrong password");
    assertEquals(1, checksOf("known", "known-password", true), "a known name, right password");
    assertEquals(0, nullHashes.get(), "an unknown name is checked against a real (decoy) hash, not skipped");
  }

  @Test
  void verifiesThatTheDecoyNeverLetsAnyoneIn() {
    assertEquals(1, checksOf("nobody", "", false));
    assertEquals(1, checksOf("nobody", "admin-password", false));
  }
}

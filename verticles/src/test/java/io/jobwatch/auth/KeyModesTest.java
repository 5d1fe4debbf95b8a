package io.jobwatch.auth;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The two ways to key a cluster: a generated secret shared through the cluster, and an outside issuer's public key. */
class KeyModesTest {

  @Test
  void verifiesThatWithoutAConfiguredSecretATokenFromOneNodeWorksOnAnother() {
    Map<String, String> env = new HashMap<>();
    env.put("JOBWATCH_JWT_SECRET", null);
    try (TestCluster cluster = TestCluster.start(2, env)) {
      Api onA = cluster.api(0).asAdmin();
      String id = onA.createJob("keys.shared").getString("jobId");
      String token = cluster.api(0).post("/login", new JsonObject().put("username", "admin")
          .put("password", TestCluster.ADMIN_PASSWORD)).json().getString("token");
      assertEquals(200, cluster.api(1).withToken(token).get("/jobs/" + id).status());
    }
  }

  @Test
  void verifiesThatAnOutsideIssuersRs256TokensAreAcceptedAndKeyConfusionIsRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
    String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    Map<String, String> env = new HashMap<>();
    env.put("JOBWATCH_JWT_SECRET", null);
    env.put("JOBWATCH_JWT_PUBLIC_KEY", publicPem);
    Vertx vertx = Vertx.vertx();
    try (TestCluster cluster = TestCluster.start(1, env)) {
      JWTOptions claims = new JWTOptions().setSubject("ops").setIssuer("jobwatch").setAudience(List.of("jobwatch"))
          .setExpiresInSeconds(300);
      JsonObject roles = new JsonObject().put("roles", new JsonArray().add("admin"));
      JWTAuth issuer = JWTAuth.create(vertx, new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(privatePem)));
      String outside = issuer.generateToken(roles, new JWTOptions(claims).setAlgorithm("RS256"));
      assertEquals(200, cluster.api(0).withToken(outside).get("/jobs").status());

      // An attacker signs HS256 with the public key as the HMAC secret.
      JWTAuth confused = JWTAuth.create(vertx, new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(publicPem)));
      String forged = confused.generateToken(roles, new JWTOptions(claims).setAlgorithm("HS256"));
      assertEquals(401, cluster.api(0).withToken(forged).get("/jobs").status());

      Api.Response login = cluster.api(0).post("/login", new JsonObject().put("username", "admin")
          .put("password", TestCluster.ADMIN_PASSWORD));
      assertEquals(403, login.status(), "no signing key here: tokens come from the outside issuer");
    } finally {
      vertx.close().await();
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}

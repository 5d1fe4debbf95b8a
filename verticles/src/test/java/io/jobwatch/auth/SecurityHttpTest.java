package io.jobwatch.auth;

import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.jobwatch.testing.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens that must be refused, and each role and perm allowed and refused where it should be. */
@JobwatchCluster(users = {"alice:alice-password:user", "bob:bob-password:user", "wendy:wendy-password:worker",
    "carol:carol-password::job:read:reports.*,job:control:reports.*,job:submit:etl.*"})
class SecurityHttpTest {
  private static TestCluster cluster;
  private static Api anonymous;
  private static Api admin;
  private static Vertx vertx;

  @BeforeAll
  static void start(TestCluster started, Vertx clients) {
    cluster = started;
    anonymous = cluster.api(0);
    admin = anonymous.asAdmin();
    vertx = clients;
  }

  private static void user(String name, List<String> roles, List<String> perms) {
    Api.Response r = admin.post("/users", new JsonObject().put("name", name).put("password", name + "-password")
        .put("roles", new JsonArray(roles)).put("perms", new JsonArray(perms)));
    assertEquals(201, r.status(), r.toString());
  }

  private static Api as(String name) {
    return anonymous.as(name, name + "-password");
  }

  private static String sign(String secret, JsonObject claims, JWTOptions options) {
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return jwt.generateToken(claims, options.setAlgorithm("HS256"));
  }

  private static JWTOptions valid() {
    return new JWTOptions().setSubject("admin").setIssuer("jobwatch").setAudience(List.of("jobwatch"))
        .setExpiresInSeconds(300);
  }

  private static final JsonObject ADMIN_CLAIMS = new JsonObject().put("roles", new JsonArray().add("admin"));

  private static void refusedToken(String token) {
    Api.Response r = anonymous.withToken(token).get("/jobs");
    assertEquals(401, r.status(), "token " + token + " gave " + r);
    assertEquals("unauthenticated", r.error());
  }

  @Test
  void verifiesThatAValidlySignedTokenIsAcceptedSoTheRefusalsBelowMeanSomething() {
    assertEquals(200, anonymous.withToken(sign(TestCluster.JWT_SECRET, ADMIN_CLAIMS, valid())).get("/jobs").status());
  }

  @Test
  void verifiesThatMissingGarbageUnsignedForeignExpiredAndTamperedTokensAreRefused() {
    Api.Response none = anonymous.get("/jobs");
    assertEquals(401, none.status());
    assertEquals("unauthenticated", none.error());
    refusedToken("garbage");
    refusedToken("a.b.c");

    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String payload = new JsonObject().put("sub", "admin").put("roles", new JsonArray().add("admin"))
        .put("iss", "jobwatch").put("aud", "jobwatch").put("exp", System.currentTimeMillis() / 1000 + 300).encode();
    String unsigned = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".";
    refusedToken(unsigned);

    refusedToken(sign("another-secret-0123456789-0123456789-012345", ADMIN_CLAIMS, valid()));
    JsonObject noExp = new JsonObject(payload);
    noExp.remove("exp");
    refusedToken(Tokens.hs256(TestCluster.JWT_SECRET, noExp));
    assertEquals(200, anonymous.withToken(Tokens.hs256(TestCluster.JWT_SECRET, new JsonObject(payload))).get("/jobs")
        .status(), "the hand-made token is right but for its missing exp");
    refusedToken(sign(TestCluster.JWT_SECRET, ADMIN_CLAIMS.copy().put("exp", System.currentTimeMillis() / 1000 - 60),
        new JWTOptions().setSubject("admin").setIssuer("jobwatch").setAudience(List.of("jobwatch"))));
    refusedToken(sign(TestCluster.JWT_SECRET, ADMIN_CLAIMS, valid().setIssuer("someone-else")));
    refusedToken(sign(TestCluster.JWT_SECRET, ADMIN_CLAIMS, valid().setAudience(List.of("other-service"))));

    // Tampered: alice's real token with the payload swapped for one that says admin.
    String aliceToken = anonymous.post("/login", new JsonObject().put("username", "alice")
        .put("password", "alice-password")).json().getString("token");
    String[] parts = aliceToken.split("\\.");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    claims.put("roles", new JsonArray().add("admin")).put("sub", "admin");
    refusedToken(parts[0] + "." + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
  }

  @Test
  void verifiesThatUsersSubmitReadAndControlOnlyTheirOwnJobs() {
    Api alice = as("alice");
    Api bob = as("bob");
    String mine = alice.createJob("reports.alice").getString("jobId");
    assertEquals("alice", alice.job(mine).getString("owner"));
    assertEquals(404, bob.get("/jobs/" + mine).status(), "another user's job is invisible");
    assertEquals(404, bob.event(mine, "request_kill_job").status());
    assertEquals(403, alice.event(mine, "request_start_job").status(), "users are no workers");
    assertEquals(403, alice.event(mine, "inactivate_job").status(), "inactivate is for controllers");
    assertEquals(200, alice.event(mine, "restart_waiting").status(), "owners may restart");
    Set<String> listed = ids(bob.get("/jobs").json().getJsonArray("data"));
    assertTrue(!listed.contains(mine), "lists apply visibility");
    assertEquals(200, alice.event(mine, "request_kill_job").status(), "owners may kill");
    assertEquals(403, alice.post("/users", new JsonObject().put("name", "x").put("password", "12345678")).status());
    assertEquals(403, alice.get("/users").status());
    assertEquals(200, alice.get("/users/alice").status());
    assertEquals(403, alice.get("/users/bob").status());
  }

  @Test
  void verifiesThatWorkersReportOnAnyJobButNeitherSubmitNorControl() {
    Api wendy = as("wendy");
    String id = admin.createJob("reports.w").getString("jobId");
    assertEquals(403, wendy.post("/jobs", new JsonObject().put("name", "reports.w2")).status());
    assertEquals(200, wendy.get("/jobs/" + id).status());
    assertEquals(200, wendy.event(id, "request_start_job").status());
    assertEquals(200, wendy.post("/jobs/" + id + "/status", new JsonObject().put("percent", 10)).status());
    assertEquals(403, wendy.event(id, "request_kill_job").status());
    assertEquals(403, wendy.event(id, "flag_zombie").status(), "flags are the hub's");
    assertEquals(200, wendy.event(id, "complete_job").status());
  }

  @Test
  void verifiesThatPermsGrantReadControlAndSubmitByNameGlob() {
    Api carol = as("carol");
    String report = admin.createJob("reports.daily").getString("jobId");
    String other = admin.createJob("billing.run").getString("jobId");
    assertEquals(200, carol.get("/jobs/" + report).status());
    assertEquals(404, carol.get("/jobs/" + other).status());
    Set<String> listed = ids(carol.get("/jobs?per_page=1000").json().getJsonArray("data"));
    assertTrue(listed.contains(report));
    assertTrue(!listed.contains(other));
    assertEquals(200, carol.event(report, "inactivate_job").status(), "job:control allows inactivate");
    assertEquals(200, carol.event(report, "restart_stopped").status());
    assertEquals(403, carol.event(report, "request_start_job").status());
    assertEquals(201, carol.post("/jobs", new JsonObject().put("name", "etl.load")).status());
    assertEquals(403, carol.post("/jobs", new JsonObject().put("name", "reports.mine")).status());
    assertEquals(403, carol.get("/users").status());
  }

  @Test
  void verifiesThatALoginWithAWrongPasswordOrUnknownUserIsRefusedAlike() {
    Api.Response wrong = anonymous.post("/login", new JsonObject().put("username", "bob").put("password", "nope-nope"));
    Api.Response unknown = anonymous.post("/login", new JsonObject().put("username", "nobody").put("password", "x"));
    assertEquals(401, wrong.status());
    assertEquals(401, unknown.status());
    assertEquals(wrong.json().getString("message"), unknown.json().getString("message"));
  }

  @Test
  void verifiesThatARenewedTokenCarriesTheRightsTheUserHasNowAndARemovedUserGetsNone() {
    user("dora", List.of(), List.of("job:read:reports.*"));
    Api dora = as("dora");
    String jobId = admin.createJob("etl.load").getString("jobId");
    assertEquals(404, dora.get("/jobs/" + jobId).status(), "not hers to read");

    Api.Response renewed = dora.post("/token", new JsonObject());
    assertEquals(200, renewed.status(), renewed.toString());
    assertTrue(renewed.json().getString("expiresAt") != null);
    Api doraRenewed = anonymous.withToken(renewed.json().getString("token"));
    assertEquals(200, doraRenewed.get("/jobs").status(), "the renewed token works");
    assertEquals(200, dora.get("/jobs").status(), "and renewing revokes nothing");
    assertEquals(401, anonymous.post("/token", new JsonObject()).status(), "no renewal without a token");

    assertEquals(200, admin.put("/users/dora", new JsonObject().put("perms", new JsonArray().add("job:read:etl.*")))
        .status());
    Api.Response stale = doraRenewed.post("/token", new JsonObject());
    assertEquals(401, stale.status(), "a token from before the change renews nothing: " + stale);
    Api doraNow = as("dora");
    assertEquals(200, doraNow.get("/jobs/" + jobId).status(), "a new login has her new rights");

    assertEquals(200, admin.delete("/users/dora").status());
    Api.Response gone = doraNow.post("/token", new JsonObject());
    assertEquals(401, gone.status(), gone.toString());
    assertEquals("unauthenticated", gone.error());
  }

  @Test
  void verifiesThatPasswordsAreStoredAsSaltedHashes() {
    UserRecord alice = (UserRecord) cluster.node(0).hazelcast().getMap(ClusterNames.USERS_MAP).get("alice");
    UserRecord bob = (UserRecord) cluster.node(0).hazelcast().getMap(ClusterNames.USERS_MAP).get("bob");
    assertTrue(alice.passwordHash().startsWith("$pbkdf2$"));
    assertTrue(!alice.passwordHash().contains("alice-password"));
    assertNotEquals(alice.passwordHash().split("\\$")[3], bob.passwordHash().split("\\$")[3], "salts differ");
  }

  private static Set<String> ids(JsonArray jobs) {
    Set<String> out = new HashSet<>();
    jobs.forEach(o -> out.add(((JsonObject) o).getString("jobId")));
    return out;
  }
}

package io.jobwatch.auth;

import io.jobwatch.node.NodeConfig;
import io.jobwatch.shared.json.Times;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks the JWTs of Jobwatch. vertx-auth-jwt's defaults are not enough on their own
 * (with no key it accepts unsigned tokens, {@code exp} is optional), so this service refuses to
 * exist without a usable key and checks {@code exp}, {@code iss}, {@code aud} and {@code sub}
 * itself as well. HS256 with the cluster's shared secret signs and checks our own tokens;
 * RS256/ES256 with a public key checks tokens of an outside issuer.
 */
public final class TokenService {
  /** Verified tokens, so a busy worker's token is checked once, not per request. */
  private static final int CACHE_LIMIT = 10_000;
  private static final String REVOKED = "token revoked: the user was changed or removed; log in again";

  private final JWTAuth jwt;
  private final boolean canIssue;
  private final String issuer;
  private final String audience;
  private final int ttlSeconds;
  private final Revocations revocations;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  /**
   * A token checked: who it stands for, until when (milliseconds since the epoch), and its
   * generation (claim {@code gen}, see {@link Revocations}).
   */
  public record Verified(Caller caller, long expiresAt, long generation) {
  }

  private TokenService(JWTAuth jwt, boolean canIssue, String issuer, String audience, int ttlSeconds,
                       Revocations revocations) {
    this.jwt = jwt;
    this.canIssue = canIssue;
    this.issuer = issuer;
    this.audience = audience;
    this.ttlSeconds = ttlSeconds;
    this.revocations = revocations;
  }

  /**
   * @param hmacSecret the HS256 secret shared by all nodes, or null when tokens come only from
   *                   an outside issuer
   */
  public static TokenService create(Vertx vertx, NodeConfig config, String hmacSecret, Revocations revocations) {
    JWTOptions checks = new JWTOptions().setIssuer(config.jwtIssuer()).setAudience(List.of(config.jwtAudience()))
        .setLeeway(5);
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(checks);
    if (hmacSecret != null) {
      if (hmacSecret.length() < 32) {
        throw new IllegalArgumentException("JOBWATCH_JWT_SECRET must be at least 32 characters");
      }
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(hmacSecret));
    }
    if (config.jwtPublicKey() != null) {
      String pem = readPem(config.jwtPublicKey());
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithmOf(pem)).setBuffer(pem));
    }
    if (options.getPubSecKeys().isEmpty()) {
      throw new IllegalStateException("no JWT key: set JOBWATCH_JWT_SECRET or JOBWATCH_JWT_PUBLIC_KEY");
    }
    return new TokenService(JWTAuth.create(vertx, options), hmacSecret != null, config.jwtIssuer(),
        config.jwtAudience(), config.tokenTtlSeconds(), revocations);
  }

  public boolean canIssue() {
    return canIssue;
  }

  /**
   * The generation a token issued now for this user carries. Read it before the user's record:
   * a change of the record revokes after it is written, so a token made from a record read before
   * the change always carries a generation the change revokes.
   */
  public long generation(String user) {
    return revocations.generation(user);
  }

  /** A token for this user, of this {@link #generation}: {@code {"token", "expiresAt"}}. */
  public JsonObject issue(UserRecord user, long generation) {
    if (!canIssue) {
      throw ApiError.forbidden("this cluster takes tokens from an outside issuer; /login is off");
    }
    long expiresAt = (System.currentTimeMillis() / 1000 + ttlSeconds) * 1000;
    JsonObject claims = new JsonObject().put("roles", new JsonArray(user.roles())).put("perms", new JsonArray(user.perms()))
        .put("gen", generation);
    String token = jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setSubject(user.name())
        .setIssuer(issuer).setAudience(List.of(audience)).setExpiresInSeconds(ttlSeconds));
    return new JsonObject().put("token", token).put("expiresAt", Times.iso(expiresAt));
  }

  /** The caller a token stands for; fails with 401 for anything but a valid, unexpired token of ours. */
  public Future<Caller> verify(String token) {
    return check(token).map(Verified::caller);
  }

  /** As {@link #verify}, with the token's expiry and generation (for sockets, which outlive requests). */
  public Future<Verified> check(String token) {
    if (token == null || token.isEmpty()) {
      return Future.failedFuture(ApiError.unauthenticated("no token"));
    }
    Verified cached = verified.get(token);
    if (cached != null) {
      if (cached.expiresAt() <= System.currentTimeMillis()) {
        verified.remove(token);
        return Future.failedFuture(ApiError.unauthenticated("token expired"));
      }
      return revocations.isRevoked(cached.caller().name(), cached.generation())
          ? Future.failedFuture(ApiError.unauthenticated(REVOKED)) : Future.succeededFuture(cached);
    }
    Future<io.vertx.ext.auth.User> checked;
    try {
      checked = jwt.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      // A signed token with a claim of the wrong type can throw from inside the library.
      checked = Future.failedFuture(e);
    }
    return checked.recover(t -> Future.failedFuture(refusal(t))).map(user -> {
      // vertx-auth-jwt keeps the verified payload under attributes.accessToken.
      JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
      Verified v = new Verified(check(claims), claims.getLong("exp") * 1000, generation(claims));
      if (revocations.isRevoked(v.caller().name(), v.generation())) {
        throw ApiError.unauthenticated(REVOKED);
      }
      remember(token, v);
      return v;
    });
  }

  /** Why the library refused a token, in our words (its messages name its internals). */
  private static ApiError refusal(Throwable t) {
    if (t instanceof ApiError e) {
      return e;
    }
    String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (m.contains("expired")) {
      return ApiError.unauthenticated("token expired");
    }
    if (m.contains("issuer")) {
      return ApiError.unauthenticated("wrong issuer");
    }
    if (m.contains("audience")) {
      return ApiError.unauthenticated("wrong audience");
    }
    if (t instanceof ClassCastException) {
      return ApiError.unauthenticated("a claim of the token has the wrong type (exp, iat and nbf are numbers, aud a string or a list)");
    }
    if (t instanceof java.security.SignatureException || m.contains("not signed")) {
      return ApiError.unauthenticated("bad signature: not a token signed by this cluster's key");
    }
    return ApiError.unauthenticated("malformed token");
  }

  /** True when tokens of this user and generation have been revoked since. */
  public boolean isRevoked(String user, long generation) {
    return revocations.isRevoked(user, generation);
  }

  /** Refuses every token issued to this user so far, on every node. */
  public Future<Void> revokeAll(String user) {
    return revocations.revokeAll(user);
  }

  /** Calls back (on a cluster thread) with each user whose earlier tokens were revoked. */
  public void onRevoked(java.util.function.Consumer<String> listener) {
    revocations.onRevoked(listener);
  }

  private static long generation(JsonObject claims) {
    Object gen = claims.getValue("gen");
    if (gen == null) {
      return 0;
    }
    if (!(gen instanceof Integer || gen instanceof Long)) {
      throw ApiError.unauthenticated("claim gen is not an integer");
    }
    return ((Number) gen).longValue();
  }

  private Caller check(JsonObject claims) {
    Object exp = claims.getValue("exp");
    if (!(exp instanceof Number)) {
      throw ApiError.unauthenticated("token has no exp");
    }
    if (((Number) exp).longValue() * 1000 <= System.currentTimeMillis()) {
      throw ApiError.unauthenticated("token expired");
    }
    if (!issuer.equals(claims.getValue("iss"))) {
      throw ApiError.unauthenticated("wrong issuer");
    }
    Object aud = claims.getValue("aud");
    boolean audOk = audience.equals(aud) || (aud instanceof JsonArray a && a.contains(audience));
    if (!audOk) {
      throw ApiError.unauthenticated("wrong audience");
    }
    if (!(claims.getValue("sub") instanceof String sub) || sub.isEmpty()) {
      throw ApiError.unauthenticated("token has no sub");
    }
    return new Caller(sub, new HashSet<>(strings(claims, "roles")), strings(claims, "perms"));
  }

  private static List<String> strings(JsonObject claims, String name) {
    Object v = claims.getValue(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray array) || !array.stream().allMatch(x -> x instanceof String)) {
      throw ApiError.unauthenticated("claim " + name + " is not a list of strings");
    }
    return array.stream().map(String.class::cast).toList();
  }

  private void remember(String token, Verified v) {
    if (verified.size() >= CACHE_LIMIT) {
      verified.clear(); // only a cache: tokens are verified again
    }
    verified.put(token, v);
  }

  private static String readPem(String value) {
    if (value.startsWith("-----BEGIN")) {
      return value;
    }
    try {
      return Files.readString(Path.of(value));
    } catch (IOException e) {
      throw new IllegalArgumentException("JOBWATCH_JWT_PUBLIC_KEY is neither a PEM nor a readable file: " + value, e);
    }
  }

  /** RS256 for an RSA key, ES256 for an EC key; anything else is refused at start. */
  private static String algorithmOf(String pem) {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(base64);
    for (String[] candidate : new String[][] {{"RSA", "RS256"}, {"EC", "ES256"}}) {
      try {
        KeyFactory.getInstance(candidate[0]).generatePublic(new X509EncodedKeySpec(der));
        return candidate[1];
      } catch (Exception e) {
        // try the next kind
      }
    }
    throw new IllegalArgumentException("JOBWATCH_JWT_PUBLIC_KEY is not an RSA or EC public key (PEM, X.509)");
  }
}

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

  private final JWTAuth jwt;
  private final boolean canIssue;
  private final String issuer;
  private final String audience;
  private final int ttlSeconds;
  private final Map<String, Caller> verified = new ConcurrentHashMap<>();
  private final Map<String, Long> expiries = new ConcurrentHashMap<>();

  private TokenService(JWTAuth jwt, boolean canIssue, String issuer, String audience, int ttlSeconds) {
    this.jwt = jwt;
    this.canIssue = canIssue;
    this.issuer = issuer;
    this.audience = audience;
    this.ttlSeconds = ttlSeconds;
  }

  /**
   * @param hmacSecret the HS256 secret shared by all nodes, or null when tokens come only from
   *                   an outside issuer
   */
  public static TokenService create(Vertx vertx, NodeConfig config, String hmacSecret) {
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
        config.jwtAudience(), config.tokenTtlSeconds());
  }

  public boolean canIssue() {
    return canIssue;
  }

  /** A token for this user: {@code {"token", "expiresAt"}}. */
  public JsonObject issue(UserRecord user) {
    if (!canIssue) {
      throw ApiError.forbidden("this cluster takes tokens from an outside issuer; /login is off");
    }
    long expiresAt = (System.currentTimeMillis() / 1000 + ttlSeconds) * 1000;
    JsonObject claims = new JsonObject().put("roles", new JsonArray(user.roles())).put("perms", new JsonArray(user.perms()));
    String token = jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setSubject(user.name())
        .setIssuer(issuer).setAudience(List.of(audience)).setExpiresInSeconds(ttlSeconds));
    return new JsonObject().put("token", token).put("expiresAt", Times.iso(expiresAt));
  }

  /** The caller a token stands for; fails with 401 for anything but a valid, unexpired token of ours. */
  public Future<Caller> verify(String token) {
    if (token == null || token.isEmpty()) {
      return Future.failedFuture(ApiError.unauthenticated("no token"));
    }
    Caller cached = verified.get(token);
    if (cached != null) {
      Long exp = expiries.get(token);
      if (exp != null && exp > System.currentTimeMillis()) {
        return Future.succeededFuture(cached);
      }
      verified.remove(token);
      expiries.remove(token);
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(t -> Future.failedFuture(ApiError.unauthenticated("token refused: " + t.getMessage())))
        .map(user -> {
          // vertx-auth-jwt keeps the verified payload under attributes.accessToken.
          JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
          Caller caller = check(claims);
          remember(token, caller, claims.getLong("exp") * 1000);
          return caller;
        });
  }

  /** Seconds since the epoch at which a verified token expires (for sockets that outlive requests). */
  public long expiryOf(String token) {
    Long exp = expiries.get(token);
    return exp == null ? 0 : exp;
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

  private void remember(String token, Caller caller, long expiresAtMillis) {
    if (verified.size() >= CACHE_LIMIT) {
      verified.clear();
      expiries.clear();
    }
    expiries.put(token, expiresAtMillis);
    verified.put(token, caller);
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

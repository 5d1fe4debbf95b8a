package io.jobwatch.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/** HS256 JSON Web Tokens, as Jobwatch issues and checks them (PROTOCOL.md §2 Identity). */
final class Hs256 {
  private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Hs256() {
  }

  static String sign(JsonObject claims, String secret) {
    String unsigned = ENCODER.encodeToString(HEADER.getBytes(StandardCharsets.UTF_8)) + "."
        + ENCODER.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    return unsigned + "." + ENCODER.encodeToString(mac(unsigned, secret));
  }

  /** The claims of a token signed with {@code secret}; a refusal names what is wrong. */
  static JsonObject verify(String token, String secret) {
    String[] parts = token.trim().split("\\.");
    if (parts.length != 3) {
      throw new Jobwatch.Exit(Jobwatch.Exit.REFUSED, "not a JWT (three parts separated by dots)");
    }
    JsonObject header = json(parts[0], "header");
    if (!"HS256".equals(header.getString("alg"))) {
      throw new Jobwatch.Exit(Jobwatch.Exit.REFUSED, "the token is signed with " + header.getString("alg")
          + ", not HS256");
    }
    byte[] expected = mac(parts[0] + "." + parts[1], secret);
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new Jobwatch.Exit(Jobwatch.Exit.REFUSED, "the signature is not base64url");
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw new Jobwatch.Exit(Jobwatch.Exit.REFUSED, "bad signature: not signed with this secret, or changed");
    }
    return json(parts[1], "payload");
  }

  private static JsonObject json(String part, String what) {
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException e) {
      throw new Jobwatch.Exit(Jobwatch.Exit.REFUSED, "the token's " + what + " is not base64url JSON");
    }
  }

  private static byte[] mac(String data, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}

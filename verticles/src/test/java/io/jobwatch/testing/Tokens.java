package io.jobwatch.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HS256 tokens signed here with the JDK alone, so their claims are exactly what a test says. */
public final class Tokens {
  private Tokens() {
  }

  public static String hs256(String secret, JsonObject claims) {
    try {
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String signingInput = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
          + "." + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A valid admin token of the test cluster that expires in {@code seconds}. */
  public static String adminExpiringIn(long seconds) {
    return hs256(TestCluster.JWT_SECRET, new JsonObject().put("sub", "admin").put("roles", new JsonArray().add("admin"))
        .put("iss", "jobwatch").put("aud", "jobwatch").put("exp", System.currentTimeMillis() / 1000 + seconds));
  }
}

package io.jobwatch.auth;

import io.vertx.ext.auth.hashing.HashingStrategy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Salted, slow password hashes (PBKDF2-HMAC-SHA512 from vertx-auth-common), stored in the
 * self-describing {@code $pbkdf2$it=N$salt$hash} form. Both calls are slow on purpose: run
 * them off the event loop. Not final, so a test can count the checks a login makes.
 */
public class Passwords {
  private static final HashingStrategy STRATEGY = HashingStrategy.load();
  private final SecureRandom random = new SecureRandom();
  private final int iterations;

  public Passwords(int iterations) {
    this.iterations = Math.max(1000, iterations);
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return STRATEGY.hash("pbkdf2", Map.of("it", Integer.toString(iterations)),
        Base64.getEncoder().encodeToString(salt), password);
  }

  public boolean verify(String hash, String password) {
    return hash != null && STRATEGY.verify(hash, password);
  }
}

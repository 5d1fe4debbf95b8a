package io.jobwatch.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Mint an HS256 token from the cluster's secret, or check one (like Centrifugo's gentoken/checktoken).",
    subcommands = {TokenCommand.Mint.class, TokenCommand.Check.class})
final class TokenCommand {

  /** Where the secret comes from: an option, a file, or JOBWATCH_JWT_SECRET. */
  static final class Secret {
    @Option(names = "--secret", description = "the HS256 secret (JOBWATCH_JWT_SECRET of the cluster)")
    String secret;

    @Option(names = "--secret-file", description = "a file holding the secret")
    Path secretFile;

    String value() {
      if (secret != null) {
        return secret;
      }
      if (secretFile != null) {
        try {
          return Files.readString(secretFile).trim();
        } catch (IOException e) {
          throw new Jobwatch.Exit(Jobwatch.Exit.FAILED, "cannot read " + secretFile + ": " + e.getMessage());
        }
      }
      String env = System.getenv("JOBWATCH_JWT_SECRET");
      if (env == null || env.isBlank()) {
        throw new Jobwatch.Exit(Jobwatch.Exit.FAILED, "no secret: give --secret, --secret-file or JOBWATCH_JWT_SECRET");
      }
      return env;
    }
  }

  @Command(name = "mint", mixinStandardHelpOptions = true, description = "Print a new token for a user.")
  static final class Mint implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    Secret secret = new Secret();

    @Option(names = "--user", required = true, description = "the token's sub")
    String user;

    @Option(names = "--roles", split = ",", description = "admin, worker, user")
    List<String> roles = List.of();

    @Option(names = "--perms", split = ",", description = "job:read:<glob>, job:submit:<glob>, job:control:<glob>, queue:history")
    List<String> perms = List.of();

    @Option(names = "--ttl", defaultValue = "3600", description = "seconds it lives (default ${DEFAULT-VALUE})")
    long ttl;

    @Option(names = "--issuer", defaultValue = "jobwatch", description = "iss (default ${DEFAULT-VALUE})")
    String issuer;

    @Option(names = "--audience", defaultValue = "jobwatch", description = "aud (default ${DEFAULT-VALUE})")
    String audience;

    @Override
    public Integer call() {
      String key = secret.value();
      if (key.length() < 32) {
        throw new Jobwatch.Exit(Jobwatch.Exit.FAILED, "the secret has fewer than 32 characters; Jobwatch refuses such keys");
      }
      long now = System.currentTimeMillis() / 1000;
      JsonObject claims = new JsonObject().put("sub", user).put("roles", new JsonArray(roles))
          .put("perms", new JsonArray(perms)).put("iat", now).put("exp", now + ttl).put("iss", issuer)
          .put("aud", audience);
      System.out.println(Hs256.sign(claims, key));
      return Jobwatch.Exit.OK;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Check a token's signature, expiry, issuer and audience; print its claims.")
  static final class Check implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    Secret secret = new Secret();

    @Parameters(paramLabel = "TOKEN")
    String token;

    @Option(names = "--issuer", defaultValue = "jobwatch", description = "the iss required (default ${DEFAULT-VALUE})")
    String issuer;

    @Option(names = "--audience", defaultValue = "jobwatch", description = "the aud required (default ${DEFAULT-VALUE})")
    String audience;

    @Override
    public Integer call() {
      JsonObject claims = Hs256.verify(token, secret.value());
      if (!(claims.getValue("exp") instanceof Number exp)) {
        throw new Jobwatch.Exit(Jobwatch.Exit.REFUSED, "the token has no exp");
      }
      if (exp.longValue() * 1000 <= System.currentTimeMillis()) {
        throw new Jobwatch.Exit(Jobwatch.Exit.REFUSED, "the token expired at " + java.time.Instant.ofEpochSecond(exp.longValue()));
      }
      if (!issuer.equals(claims.getValue("iss"))) {
        throw new Jobwatch.Exit(Jobwatch.Exit.REFUSED, "wrong issuer: " + claims.getValue("iss"));
      }
      Object aud = claims.getValue("aud");
      if (!(audience.equals(aud) || (aud instanceof JsonArray a && a.contains(audience)))) {
        throw new Jobwatch.Exit(Jobwatch.Exit.REFUSED, "wrong audience: " + aud);
      }
      System.out.println(claims.encodePrettily());
      return Jobwatch.Exit.OK;
    }
  }
}

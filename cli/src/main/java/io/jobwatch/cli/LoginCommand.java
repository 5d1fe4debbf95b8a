package io.jobwatch.cli;

import io.jobwatch.client.ClientOptions;
import io.jobwatch.client.JobwatchClient;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "login", mixinStandardHelpOptions = true,
    description = "Log in and keep the token (readable by you only) for the other commands.")
final class LoginCommand implements Callable<Integer> {
  @Option(names = "--url", required = true, split = ",", paramLabel = "URL",
      description = "the nodes, e.g. http://10.0.0.5:8080,http://10.0.0.6:8080")
  List<String> urls;

  @Option(names = "--user", required = true, description = "the user name")
  String user;

  @Option(names = "--password-stdin", description = "read the password from standard input instead of asking")
  boolean passwordStdin;

  @Override
  public Integer call() throws Exception {
    String password = password();
    Vertx vertx = Vertx.vertx();
    try {
      JobwatchClient client = JobwatchClient.connect(vertx, ClientOptions.nodes(urls).login(user, password)
          .workerChannel(false)).await();
      long expires = client.tokenExpiresAt();
      String expiresAt = expires == Long.MAX_VALUE ? null : Instant.ofEpochMilli(expires).toString();
      new Settings(urls, user, client.token(), expiresAt).save();
      System.out.println("logged in as " + user + " on " + client.node()
          + (expiresAt == null ? "" : " until " + expiresAt));
      client.close();
      return Jobwatch.Exit.OK;
    } finally {
      vertx.close().await();
    }
  }

  private String password() throws Exception {
    if (passwordStdin) {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new Jobwatch.Exit(Jobwatch.Exit.FAILED, "no password on standard input");
      }
      return line;
    }
    Console console = System.console();
    if (console == null) {
      throw new Jobwatch.Exit(Jobwatch.Exit.FAILED, "no terminal to ask for the password: use --password-stdin");
    }
    char[] typed = console.readPassword("password for %s: ", user);
    if (typed == null || typed.length == 0) {
      throw new Jobwatch.Exit(Jobwatch.Exit.FAILED, "no password given");
    }
    return new String(typed);
  }
}

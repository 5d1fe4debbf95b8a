package io.jobwatch.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit a job; prints its id.")
final class SubmitCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "the job's name, e.g. reports.Nightly")
  String name;

  @Option(names = "--job-id", description = "the id to give the job (default: one is made)")
  String jobId;

  @Option(names = "--args", paramLabel = "JSON", description = "the job's arguments, as JSON")
  String args;

  @Option(names = "--max-attempts", description = "attempts before it fails for good (default 1)")
  Integer maxAttempts;

  @Option(names = "--wall-time-limit", paramLabel = "SECONDS", description = "flag it nonstop past this")
  Integer wallTimeLimit;

  @Option(names = "--json", description = "print the job as JSON")
  boolean json;

  @Override
  public Integer call() {
    JsonObject spec = new JsonObject().put("name", name);
    if (jobId != null) {
      spec.put("jobId", jobId);
    }
    if (args != null) {
      try {
        spec.put("args", Json.decodeValue(args));
      } catch (DecodeException e) {
        throw new Jobwatch.Exit(Jobwatch.Exit.FAILED, "--args is not JSON: " + args);
      }
    }
    if (maxAttempts != null) {
      spec.put("maxAttempts", maxAttempts);
    }
    if (wallTimeLimit != null) {
      spec.put("wallTimeLimit", wallTimeLimit);
    }
    try (Session session = new Session(false)) {
      JsonObject job = session.client.submit(spec).await();
      System.out.println(json ? job.encodePrettily() : job.getString("jobId"));
      return Jobwatch.Exit.OK;
    }
  }
}

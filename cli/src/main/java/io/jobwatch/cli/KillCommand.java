package io.jobwatch.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "kill", mixinStandardHelpOptions = true,
    description = "Ask for a job to be killed (a waiting job is killed at once, a running one is asked to stop).")
final class KillCommand implements Callable<Integer> {
  @Parameters(paramLabel = "JOB", description = "the job id")
  String jobId;

  @Option(names = "--reason", description = "why")
  String reason;

  @Option(names = "--json", description = "print the job as JSON")
  boolean json;

  @Override
  public Integer call() {
    try (Session session = new Session(false)) {
      JsonObject job = session.client.event(jobId, "request_kill_job", reason).await();
      System.out.println(json ? job.encodePrettily() : jobId + ": " + job.getString("state")
          + (job.getJsonObject("flags", new JsonObject()).getBoolean("killRequested", false) ? ", kill requested" : ""));
      return Jobwatch.Exit.OK;
    }
  }
}

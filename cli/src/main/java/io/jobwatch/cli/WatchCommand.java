package io.jobwatch.cli;

import io.jobwatch.client.JobFollow;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Follow one job live: its progress and description, its run log as it is written, and its "
        + "state; when a node fails, goes on from another one without repeating or skipping a line.",
        "Exits when the job has ended and its last line was shown: 0 complete, 1 error, 5 killed, 6 inactive "
            + "or removed."})
final class WatchCommand implements Callable<Integer> {
  private static final int BAR = 30;

  @Parameters(paramLabel = "JOB", description = "the job id")
  String jobId;

  @Option(names = "--json", description = "print every status and every batch of lines as a line of JSON")
  boolean json;

  private final PrintStream out = System.out;
  private final boolean terminal = System.console() != null;
  private final CompletableFuture<Integer> ended = new CompletableFuture<>();
  private String state;
  private String progress = "";
  private JsonObject last;
  private int lastLine;
  private boolean barShown;

  @Override
  public Integer call() throws Exception {
    try (Session session = new Session(true)) {
      JobFollow follow = session.client.follow(jobId, null, 0, new JobFollow.Listener() {
        @Override
        public void status(JsonObject job) {
          onStatus(job);
        }

        @Override
        public void lines(int attempt, int firstLine, List<String> lines) {
          onLines(attempt, firstLine, lines);
        }

        @Override
        public void removed(JsonObject lastRecord) {
          print("-- removed");
          ended.complete(Jobwatch.Exit.GONE);
        }

        @Override
        public void gone(String code, String message) {
          ended.completeExceptionally(new Jobwatch.Exit(Jobwatch.Exit.GONE, message));
        }
      }).await();
      int code = ended.get();
      follow.close();
      return code;
    }
  }

  private synchronized void onStatus(JsonObject job) {
    last = job;
    if (json) {
      out.println(new JsonObject().put("status", job).encode());
    } else {
      String now = job.getString("state");
      if (!now.equals(state)) {
        print("-- " + job.getString("name") + " " + job.getString("jobId") + ": " + now + ", attempt "
            + job.getInteger("attempt"));
      }
      progress = bar(job.getInteger("percent", 0)) + " " + job.getInteger("percent", 0) + "% "
          + (job.getString("desc") == null ? "" : job.getString("desc"));
      showBar();
    }
    state = job.getString("state");
    checkEnd();
  }

  private synchronized void onLines(int attempt, int firstLine, List<String> lines) {
    lastLine = firstLine + lines.size() - 1;
    if (json) {
      out.println(new JsonObject().put("attempt", attempt).put("firstLine", firstLine).put("lines", lines).encode());
    } else {
      for (String line : lines) {
        print(line);
      }
    }
    checkEnd();
  }

  /** Ends once the job is finished and every line of its last attempt was shown. */
  private void checkEnd() {
    if (last == null || !List.of("complete", "error", "killed", "inactive").contains(state)) {
      return;
    }
    int lines = last.getJsonObject("runLog", new JsonObject()).getInteger("lines", 0);
    if (lastLine >= lines) {
      clearBar();
      ended.complete(switch (state) {
        case "complete" -> Jobwatch.Exit.OK;
        case "error" -> Jobwatch.Exit.FAILED;
        case "killed" -> Jobwatch.Exit.KILLED;
        default -> Jobwatch.Exit.GONE;
      });
    }
  }

  private void print(String line) {
    clearBar();
    out.println(line);
    showBar();
  }

  private void showBar() {
    if (terminal && !progress.isEmpty()) {
      out.print("\r" + progress);
      out.flush();
      barShown = true;
    } else if (!terminal && !progress.isEmpty() && !json) {
      out.println("progress " + progress);
      progress = "";
    }
  }

  private void clearBar() {
    if (terminal && barShown) {
      out.print("\r\033[K");
      barShown = false;
    }
  }

  private static String bar(int percent) {
    int full = Math.max(0, Math.min(BAR, percent * BAR / 100));
    return "[" + "#".repeat(full) + ".".repeat(BAR - full) + "]";
  }
}

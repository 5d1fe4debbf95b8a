package io.jobwatch.cli;

import io.jobwatch.client.JobwatchException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * {@code jobwatch}: the command line of a Jobwatch cluster. Errors are one line on stderr, never a
 * stack trace; see {@link Exit} for the exit codes.
 */
@Command(name = "jobwatch", mixinStandardHelpOptions = true, version = "jobwatch 0.1.0",
    description = "Look at and drive the jobs of a Jobwatch cluster.",
    subcommands = {LoginCommand.class, JobsCommand.class, WatchCommand.class, TailCommand.class,
        SubmitCommand.class, KillCommand.class, TokenCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (watch: the job completed)", "1:failed (watch: the job ended in error)",
        "2:wrong usage", "3:no node reachable", "4:refused (login, token, rights)",
        "5:watch: the job was killed", "6:watch: the job was set inactive or removed, or is unknown"})
public final class Jobwatch {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line; the exit code. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Jobwatch());
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("jobwatch: " + describe(e));
      return exitCode(e);
    });
    return cli.execute(args);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String describe(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof JobwatchException j) {
      return switch (j.code()) {
        case "unreachable" -> "cannot reach the cluster: " + j.getMessage();
        case "unauthenticated" -> "refused: " + j.getMessage() + " (log in again: jobwatch login)";
        case "unknown_job" -> j.getMessage();
        default -> j.getMessage() + " (" + j.status() + " " + j.code() + ")";
      };
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static int exitCode(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof Exit x) {
      return x.code;
    }
    if (e instanceof JobwatchException j) {
      if (j.status() == 0) {
        return Exit.UNREACHABLE;
      }
      if (j.status() == 401 || j.status() == 403) {
        return Exit.REFUSED;
      }
    }
    return Exit.FAILED;
  }

  /** An exit with a code and a message for stderr. */
  static final class Exit extends RuntimeException {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int UNREACHABLE = 3;
    static final int REFUSED = 4;
    static final int KILLED = 5;
    static final int GONE = 6;
    final int code;

    Exit(int code, String message) {
      super(message);
      this.code = code;
    }
  }
}

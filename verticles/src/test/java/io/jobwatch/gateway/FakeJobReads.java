package io.jobwatch.gateway;

import io.jobwatch.auth.Caller;
import io.jobwatch.registry.JobReads;
import io.jobwatch.registry.RunLogPage;
import io.jobwatch.registry.SubscribeSnapshot;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobState;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One job in memory for unit tests: its record, its log per attempt, and how often lines were read. */
final class FakeJobReads implements JobReads {
  final Job job = new Job();
  final Map<Integer, List<String>> logs = new HashMap<>();
  int lineReads;

  FakeJobReads(String jobId) {
    job.jobId = jobId;
    job.name = "unit.job";
    job.owner = "root";
    job.state = JobState.RUNNING;
    job.attempt = 1;
    job.seq = 1;
  }

  /** Appends lines to the current attempt; answers the last line. */
  int write(int count) {
    List<String> log = logs.computeIfAbsent(job.attempt, a -> new ArrayList<>());
    for (int i = 0; i < count; i++) {
      log.add("line " + (log.size() + 1) + " of attempt " + job.attempt);
    }
    job.seq++;
    return log.size();
  }

  @Override
  public Future<SubscribeSnapshot> follow(Caller caller, String jobId, String follower, Integer attempt, int lastLine,
                                          int limit) {
    return snapshot(caller, jobId, attempt, lastLine, limit);
  }

  @Override
  public Future<SubscribeSnapshot> snapshot(Caller caller, String jobId, Integer attempt, int lastLine, int limit) {
    int after = attempt != null && attempt == job.attempt ? lastLine : 0;
    return Future.succeededFuture(new SubscribeSnapshot(job.copy(), page(job.attempt, after, limit), List.of()));
  }

  @Override
  public void unfollow(String jobId, String follower) {
  }

  @Override
  public Future<RunLogPage> lines(String jobId, int attempt, int after, int limit) {
    lineReads++;
    return Future.succeededFuture(page(attempt, after, limit));
  }

  private RunLogPage page(int attempt, int after, int limit) {
    List<String> log = logs.getOrDefault(attempt, List.of());
    int from = Math.min(after, log.size());
    int to = Math.min(log.size(), from + limit);
    return new RunLogPage(attempt, from + 1, new ArrayList<>(log.subList(from, to)), log.size(), to < log.size());
  }
}

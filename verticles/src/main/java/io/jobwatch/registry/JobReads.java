package io.jobwatch.registry;

import io.jobwatch.auth.Caller;
import io.vertx.core.Future;

/**
 * What the WebSocket gateway reads of a job to follow it: {@link JobStore} against the cluster,
 * an in-memory fake in the gateway's unit tests. Refusals are failed futures of ApiError.
 */
public interface JobReads {
  /** The subscriber's first answer, read in the step that makes {@code follower} follow the job. */
  Future<SubscribeSnapshot> follow(Caller caller, String jobId, String follower, Integer attempt, int lastLine,
                                   int limit);

  /** The same answer for a follower that already follows the job. */
  Future<SubscribeSnapshot> snapshot(Caller caller, String jobId, Integer attempt, int lastLine, int limit);

  /** The follower stops following the job. */
  void unfollow(String jobId, String follower);

  /** Lines of one attempt after {@code after}, at most {@code limit}. */
  Future<RunLogPage> lines(String jobId, int attempt, int after, int limit);
}

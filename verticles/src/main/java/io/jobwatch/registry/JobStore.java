package io.jobwatch.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.jobwatch.auth.Caller;
import io.jobwatch.node.HazelcastFutures;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Map;
import java.util.Set;

/**
 * The reads the WebSocket gateway makes of the store, each one entry processor on the member
 * that owns the job, and the queue history. Refusals come back as failed futures of
 * {@link ApiError}.
 */
public final class JobStore implements JobReads {
  private static final int READ_RETRIES = 5;
  private static final long RETRY_DELAY_MS = 200;
  private final IMap<String, JobRecord> jobs;
  private final QueueHistory history;
  private final Context context;

  public JobStore(HazelcastInstance hazelcast, Context context) {
    this.jobs = hazelcast.getMap(Registry.JOBS_MAP);
    this.history = new QueueHistory(hazelcast, context);
    this.context = context;
  }

  /**
   * The job, the lines of its current attempt after {@code lastLine} (from 1 if {@code attempt} is
   * another) and its pending messages, read in the step that makes {@code follower} a follower of
   * the job: every change after this snapshot is sent to the follower's node.
   */
  @Override
  public Future<SubscribeSnapshot> follow(Caller caller, String jobId, String follower, Integer attempt, int lastLine,
                                          int limit) {
    return run(jobId, new FollowProcessor(caller, follower, attempt, lastLine, limit));
  }

  /** The same snapshot for a gateway that already follows the job. */
  @Override
  public Future<SubscribeSnapshot> snapshot(Caller caller, String jobId, Integer attempt, int lastLine, int limit) {
    return read(jobId, new ReadProcessor<>(caller, r -> SubscribeSnapshot.of(r, attempt, lastLine, limit)));
  }

  /** The follower stops following the job (fire and forget: a late drop only costs a message nobody takes). */
  @Override
  public void unfollow(String jobId, String follower) {
    jobs.submitToKey(jobId, new DropFollowersProcessor(Set.of(follower)));
  }

  /** Lines of one attempt after {@code after}, at most {@code limit}. */
  @Override
  public Future<RunLogPage> lines(String jobId, int attempt, int after, int limit) {
    return read(jobId, new ReadProcessor<>(Caller.HUB, r -> RunLogPage.of(r, attempt, after, limit)));
  }

  /** Where each job stands now: {@code [seq, attempt, lines]}; jobs that are gone are missing. */
  public Future<Map<String, Object>> positions(Set<String> jobIds) {
    return HazelcastFutures.on(context, jobs.submitToKeys(jobIds, new ReadProcessor<>(Caller.HUB,
        r -> new long[] {r.job.seq, r.job.attempt, r.job.runLog.lines()})));
  }

  /** Removes an acknowledged APP_MESSAGE. */
  public Future<Void> ack(Caller caller, String jobId, String messageId) {
    return HazelcastFutures.on(context, jobs.submitToKey(jobId, new AckMessageProcessor(caller, messageId)))
        .compose(answer -> answer instanceof Outcome.Refused r ? Future.failedFuture(r.error()) : Future.succeededFuture());
  }

  /** A read that meets a cluster in change (a member just died) is tried again a few times. */
  private Future<Object> submit(String jobId, com.hazelcast.map.EntryProcessor<String, JobRecord, Object> processor,
                                int retriesLeft) {
    return HazelcastFutures.on(context, jobs.submitToKey(jobId, processor)).recover(t -> {
      if (retriesLeft > 0 && HazelcastErrors.isRetryable(t)) {
        Promise<Void> later = Promise.promise();
        context.owner().setTimer(RETRY_DELAY_MS, id -> later.complete());
        return later.future().compose(x -> submit(jobId, processor, retriesLeft - 1));
      }
      return Future.failedFuture(t);
    });
  }

  public QueueHistory history() {
    return history;
  }

  /** Runs a read where the job lives; a refusal becomes a failed future of its {@link ApiError}. */
  <R> Future<R> read(String jobId, ReadProcessor<R> processor) {
    return run(jobId, processor);
  }

  private <R> Future<R> run(String jobId, com.hazelcast.map.EntryProcessor<String, JobRecord, Object> processor) {
    return submit(jobId, processor, READ_RETRIES).compose(answer -> {
      if (answer instanceof Outcome.Refused r) {
        return Future.failedFuture(r.error());
      }
      @SuppressWarnings("unchecked") R value = (R) answer;
      return Future.succeededFuture(value);
    });
  }
}

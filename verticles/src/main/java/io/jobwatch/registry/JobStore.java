package io.jobwatch.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.jobwatch.auth.Caller;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.cluster.HazelcastErrors;
import io.jobwatch.cluster.HazelcastFutures;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Every entry processor sent to the jobs map goes through here, with one retry policy: when the
 * cluster cannot say whether a processor ran (a member left, a backup did not confirm), the same
 * processor runs again after a pause, up to {@value #TRIES} times. Changes carry their operation
 * id, so a second run of an applied change answers as the first did; reads are harmless to
 * repeat. Also the reads the WebSocket gateway makes, and the queue history. Refusals come back
 * as failed futures of {@link ApiError}.
 */
public final class JobStore implements JobReads {
  private static final Logger LOG = Logger.getLogger(JobStore.class.getName());
  private static final int TRIES = 5;
  private static final long RETRY_DELAY_MS = 100;
  private final IMap<String, JobRecord> jobs;
  private final QueueHistory history;
  private final Context context;

  public JobStore(HazelcastInstance hazelcast, Context context) {
    this.jobs = hazelcast.getMap(ClusterNames.JOBS_MAP);
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
    return run(jobId, ReadProcessor.snapshot(caller, attempt, lastLine, limit));
  }

  /** The follower stops following the job (fire and forget: a late drop only costs a message nobody takes). */
  @Override
  public void unfollow(String jobId, String follower) {
    dropFollowers(jobId, Set.of(follower));
  }

  /** Lines of one attempt after {@code after}, at most {@code limit}. */
  @Override
  public Future<RunLogPage> lines(String jobId, int attempt, int after, int limit) {
    return run(jobId, ReadProcessor.runLog(Caller.HUB, attempt, after, limit));
  }

  /** Where each job stands now: {@code [seq, attempt, lines]}; jobs that are gone are missing. */
  public Future<Map<String, Object>> positions(Set<String> jobIds) {
    return HazelcastFutures.on(context, jobs.submitToKeys(jobIds, ReadProcessor.position()));
  }

  /** The seq of each job's last queue event; jobs that are gone are missing. */
  public Future<Map<String, Object>> lastEventSeqs(Set<String> jobIds) {
    return HazelcastFutures.on(context, jobs.submitToKeys(jobIds, ReadProcessor.lastEventSeq()));
  }

  /** Drops followers of a job (fire and forget: a late drop only costs a message nobody takes). */
  public void dropFollowers(String jobId, Set<String> followers) {
    jobs.submitToKey(jobId, new DropFollowersProcessor(followers));
  }

  /** Runs a changing processor where the job lives (retried as above); refusals are answers here, not failures. */
  Future<Outcome> change(String jobId, EntryProcessor<String, JobRecord, Outcome> processor) {
    return submit(jobId, processor, TRIES);
  }

  /** Removes an acknowledged APP_MESSAGE. */
  public Future<Void> ack(Caller caller, String jobId, String messageId) {
    return this.<Object>run(jobId, new AckMessageProcessor(caller, messageId)).mapEmpty();
  }

  /** Runs the processor; the retry policy of the class comment. */
  private <R> Future<R> submit(String jobId, EntryProcessor<String, JobRecord, R> processor, int triesLeft) {
    if (processor instanceof HandedBackProcessor<R> handedBack) {
      handedBack.sentFromHere();
    }
    Future<R> returned = HazelcastFutures.on(context, jobs.submitToKey(jobId, processor));
    return returned.map(answer -> HandedBackProcessor.answerOf(processor, answer)).recover(t -> {
      if (triesLeft > 1 && HazelcastErrors.isRetryable(t)) {
        LOG.info("running a processor on job " + jobId + " again after " + t.getClass().getSimpleName());
        Promise<Void> later = Promise.promise();
        context.owner().setTimer(RETRY_DELAY_MS, id -> later.complete());
        return later.future().compose(x -> submit(jobId, processor, triesLeft - 1));
      }
      return Future.failedFuture(t);
    });
  }

  public QueueHistory history() {
    return history;
  }

  /** Runs a processor (a read, or a change answering a value) where the job lives; a refusal becomes a failed future of its {@link ApiError}. */
  <R> Future<R> run(String jobId, EntryProcessor<String, JobRecord, Object> processor) {
    return submit(jobId, processor, TRIES).compose(answer -> {
      if (answer instanceof Outcome.Refused r) {
        return Future.failedFuture(r.error());
      }
      @SuppressWarnings("unchecked") R value = (R) answer;
      return Future.succeededFuture(value);
    });
  }
}

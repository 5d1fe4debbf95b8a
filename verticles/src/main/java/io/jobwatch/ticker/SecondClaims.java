package io.jobwatch.ticker;

import com.hazelcast.map.IMap;
import io.jobwatch.cluster.HazelcastFutures;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;

/**
 * Decides which node publishes a second: the first claimant of the second's key in
 * {@code jobwatch.ticks}, decided by an entry processor where the key lives.
 *
 * <p>A claim must not wait for a hung member. When the member that owns the second's key is
 * frozen (a long GC pause, a stopped VM), nothing answers for that key until Hazelcast removes
 * the member, 5 to 10 s later. So a claim that gets no answer within {@link #ANSWER_MS} is made
 * again on a second key of the same second, which lives in another partition (usually on another
 * member); a claim that gets no answer there either leaves the second out. At most one node
 * learns in time that it won a second: a node tries the second key only when the first did not
 * answer it, and a late answer is ignored.
 */
final class SecondClaims {
  /** How long a claim waits for the member that owns its key. */
  static final long ANSWER_MS = 400;

  private final IMap<Long, String> claims;
  private final Context context;
  private final String self;

  SecondClaims(IMap<Long, String> claims, Context context, String self) {
    this.claims = claims;
    this.context = context;
    this.self = self;
  }

  /** True when this node won the second, false when another did; failed when neither key answered in time. */
  Future<Boolean> claim(long second) {
    return claimKey(primaryKey(second)).recover(t -> claimKey(fallbackKey(second)));
  }

  /** The key of a second, and the key tried when it does not answer (another partition). */
  static long primaryKey(long second) {
    return second;
  }

  static long fallbackKey(long second) {
    return -second;
  }

  private Future<Boolean> claimKey(long key) {
    return HazelcastFutures.on(context, claims.submitToKey(key, new ClaimSecond(self)))
        .timeout(ANSWER_MS, TimeUnit.MILLISECONDS);
  }
}

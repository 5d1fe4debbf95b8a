package io.jobwatch.registry;

import com.hazelcast.map.EntryProcessor;
import io.jobwatch.auth.Caller;

import java.util.ArrayList;
import java.util.Map;

/**
 * Makes a gateway a follower of a job (every later change is sent to its node) and answers what
 * a subscriber needs first, in the same step: so no change falls between the snapshot and the
 * changes sent after it. A caller who may not read the job is refused and follows nothing.
 */
final class FollowProcessor implements EntryProcessor<String, JobRecord, Object> {
  private static final long serialVersionUID = 1L;
  private final Caller caller;
  private final String follower;
  private final Integer attempt;
  private final int lastLine;
  private final int limit;

  FollowProcessor(Caller caller, String follower, Integer attempt, int lastLine, int limit) {
    this.caller = caller;
    this.follower = follower;
    this.attempt = attempt;
    this.lastLine = lastLine;
    this.limit = limit;
  }

  @Override
  public Object process(Map.Entry<String, JobRecord> entry) {
    Outcome.Refused hidden = JobRecord.hiddenFrom(caller, entry);
    if (hidden != null) {
      return hidden;
    }
    JobRecord record = entry.getValue();
    if (!record.job.state.isFinished() && record.followers.add(follower)) {
      entry.setValue(record);
    }
    return SubscribeSnapshot.of(record, attempt, lastLine, limit);
  }
}

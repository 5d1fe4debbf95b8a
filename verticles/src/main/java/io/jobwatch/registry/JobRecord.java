package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.jobwatch.auth.Caller;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.cluster.Wire;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.protocol.ApiError;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cluster keeps per job, as one entry of the {@code jobwatch.jobs} map (OBJECT format):
 * the job, its own event history, its run logs per attempt, its unacknowledged app messages and
 * the ids of the operations applied last. Keeping all of it in one entry is what lets one entry
 * processor check and change it atomically on the member that owns it. Copied to backups and
 * moved in migrations field by field, by class id.
 */
public final class JobRecord implements IdentifiedDataSerializable {
  /**
   * How many operation ids are remembered to make a re-executed operation a no-op. Re-runs come
   * within seconds of the first run, and a job rarely has more changes than this in flight.
   */
  static final int RECENT_OPS = 16;

  /** The job; replaced, never changed in place, so readers see one version or the next. Hazelcast attribute {@code job}. */
  public Job job;
  /** The seq of the job's last queue event (run-log appends change seq too, but are no queue event). */
  long lastEventSeq;
  final ArrayDeque<JobEventEntry> events = new ArrayDeque<>();
  final Map<Integer, ArrayList<String>> logs = new HashMap<>();
  final List<AppMessage> messages = new ArrayList<>();
  /** The gateways that follow this job ({@link FollowNotifier}): each change is sent to their nodes. */
  final HashSet<String> followers = new HashSet<>(2);
  /** Operation id -> its outcome without the job (the job is the record's own; no copies are kept). */
  final LinkedHashMap<String, Outcome> recentOps = new LinkedHashMap<>();

  /** For deserialization. */
  JobRecord() {
  }

  JobRecord(Job job) {
    this.job = job;
    this.lastEventSeq = job.seq;
  }

  public Job getJob() {
    return job;
  }

  /** The answer to give again when the operation with this id was applied already (with the job as it is now), or null. */
  Outcome answerOf(String opId) {
    Outcome answer = recentOps.get(opId);
    return answer == null ? null : answer.now(job, followerIds());
  }

  void remember(String opId, Outcome answer) {
    recentOps.put(opId, answer.now(null, null));
    if (recentOps.size() > RECENT_OPS) {
      recentOps.remove(recentOps.keySet().iterator().next());
    }
  }

  void addEvent(JobEventEntry e, int keep) {
    events.addLast(e);
    while (events.size() > keep) {
      events.removeFirst();
    }
  }

  /**
   * The refusal for a caller who may not see this entry's job (missing, expired, or not his to
   * read): {@code unknown_job}, as if it did not exist. Null when he may.
   */
  static Outcome.Refused hiddenFrom(Caller caller, Map.Entry<String, JobRecord> entry) {
    JobRecord record = entry.getValue();
    return record == null || !caller.canRead(record.job) ? new Outcome.Refused(ApiError.unknownJob(entry.getKey())) : null;
  }

  /** The followers to tell of a change, or null when nobody follows. */
  String[] followerIds() {
    return followers.isEmpty() ? null : followers.toArray(new String[0]);
  }

  ArrayList<String> log(int attempt) {
    return logs.computeIfAbsent(attempt, a -> new ArrayList<>());
  }

  @Override
  public int getFactoryId() {
    return ClusterNames.REGISTRY_FACTORY;
  }

  @Override
  public int getClassId() {
    return RegistrySerializables.JOB_RECORD;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeObject(job);
    out.writeLong(lastEventSeq);
    out.writeInt(events.size());
    for (JobEventEntry e : events) {
      e.writeTo(out);
    }
    out.writeInt(logs.size());
    for (Map.Entry<Integer, ArrayList<String>> log : logs.entrySet()) {
      out.writeInt(log.getKey());
      Wire.writeStrings(out, log.getValue());
    }
    out.writeInt(messages.size());
    for (AppMessage m : messages) {
      m.writeTo(out);
    }
    Wire.writeStrings(out, followers);
    out.writeInt(recentOps.size());
    for (Map.Entry<String, Outcome> op : recentOps.entrySet()) {
      out.writeString(op.getKey());
      out.writeObject(op.getValue());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    job = in.readObject();
    lastEventSeq = in.readLong();
    for (int i = in.readInt(); i > 0; i--) {
      events.addLast(JobEventEntry.readFrom(in));
    }
    for (int i = in.readInt(); i > 0; i--) {
      int attempt = in.readInt();
      logs.put(attempt, Wire.readStrings(in));
    }
    for (int i = in.readInt(); i > 0; i--) {
      messages.add(AppMessage.readFrom(in));
    }
    followers.addAll(Wire.readStrings(in));
    for (int i = in.readInt(); i > 0; i--) {
      recentOps.put(in.readString(), in.readObject());
    }
  }
}

package io.jobwatch.registry;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.jobwatch.auth.Caller;
import io.jobwatch.cluster.Wire;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.Map;

/**
 * Reads something of one job where it lives, for a caller who may read the job ({@code unknown_job}
 * to everyone else). What is read is a {@link What} and its inputs, never code, so the reader
 * travels between builds; each answer is copied out of the record.
 */
final class ReadProcessor extends JobProcessor<Object> implements ReadOnly {
  /** What to read. Ordinals are on the wire: add at the end only. */
  enum What {
    /** The job ({@code Job}). */
    JOB,
    /** A {@link RunLogPage} of {@code attempt} (null: the current one) after line {@code after}. */
    RUN_LOG,
    /** The body of {@code GET /jobs/{id}/events}: history entries after seq {@code after}, as JSON bytes. */
    EVENTS,
    /** A {@link SubscribeSnapshot}: lines after {@code after} when {@code attempt} is current. */
    SNAPSHOT,
    /** The seq of the job's last queue event ({@code Long}). */
    LAST_EVENT_SEQ,
    /** {@code long[] {seq, attempt, lines}}. */
    POSITION
  }

  private What what;
  private Integer attempt;
  private long after;
  private int limit;

  ReadProcessor() {
  }

  private ReadProcessor(Caller caller, What what, Integer attempt, long after, int limit) {
    super(caller);
    this.what = what;
    this.attempt = attempt;
    this.after = after;
    this.limit = limit;
  }

  static ReadProcessor job(Caller caller) {
    return new ReadProcessor(caller, What.JOB, null, 0, 0);
  }

  static ReadProcessor runLog(Caller caller, Integer attempt, int after, int limit) {
    return new ReadProcessor(caller, What.RUN_LOG, attempt, after, limit);
  }

  static ReadProcessor events(Caller caller, long afterSeq) {
    return new ReadProcessor(caller, What.EVENTS, null, afterSeq, 0);
  }

  static ReadProcessor snapshot(Caller caller, Integer attempt, int lastLine, int limit) {
    return new ReadProcessor(caller, What.SNAPSHOT, attempt, lastLine, limit);
  }

  static ReadProcessor lastEventSeq() {
    return new ReadProcessor(Caller.HUB, What.LAST_EVENT_SEQ, null, 0, 0);
  }

  static ReadProcessor position() {
    return new ReadProcessor(Caller.HUB, What.POSITION, null, 0, 0);
  }

  @Override
  Object apply(JobRecord r, Map.Entry<String, JobRecord> entry) {
    return switch (what) {
      case JOB -> r.job;
      case RUN_LOG -> RunLogPage.of(r, attempt == null ? r.job.attempt : attempt, (int) after, limit);
      case EVENTS -> events(r);
      case SNAPSHOT -> SubscribeSnapshot.of(r, attempt, (int) after, limit);
      case LAST_EVENT_SEQ -> r.lastEventSeq;
      case POSITION -> new long[] {r.job.seq, r.job.attempt, r.job.runLog.lines()};
    };
  }

  private byte[] events(JobRecord r) {
    JsonArray out = new JsonArray();
    for (JobEventEntry e : r.events) {
      if (e.seq() > after) {
        out.add(e.toJson());
      }
    }
    return new JsonObject().put("jobId", r.job.jobId).put("events", out).toBuffer().getBytes();
  }

  @Override
  public EntryProcessor<String, JobRecord, Object> getBackupProcessor() {
    return null;
  }

  @Override
  public int getClassId() {
    return RegistrySerializables.READ;
  }

  @Override
  void writeFields(ObjectDataOutput out) throws IOException {
    out.writeByte(what.ordinal());
    Wire.writeNullableInt(out, attempt);
    out.writeLong(after);
    out.writeInt(limit);
  }

  @Override
  void readFields(ObjectDataInput in) throws IOException {
    what = What.values()[in.readByte()];
    attempt = Wire.readNullableInt(in);
    after = in.readLong();
    limit = in.readInt();
  }
}

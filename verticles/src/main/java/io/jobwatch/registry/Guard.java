package io.jobwatch.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;

/**
 * A condition checked on the record, where it lives, right before a change: the change applies
 * only while it holds. A kind and its inputs, never code, so it travels between builds.
 */
public final class Guard {
  /** What is checked. Ordinals are on the wire: add kinds at the end only. */
  enum Kind { ALWAYS, ZOMBIE_DUE, NONSTOP_DUE, APP_MESSAGE_DUE }

  public static final Guard ALWAYS = new Guard(Kind.ALWAYS, 0, 0);

  private final Kind kind;
  private final long now;
  private final long timeout;

  Guard(Kind kind, long now, long timeout) {
    this.kind = kind;
    this.now = now;
    this.timeout = timeout;
  }

  boolean holds(JobRecord record) {
    return switch (kind) {
      case ALWAYS -> true;
      case ZOMBIE_DUE -> Watchdogs.zombieDue(record.job, now);
      case NONSTOP_DUE -> Watchdogs.nonstopDue(record.job, now);
      case APP_MESSAGE_DUE -> Watchdogs.appMessageDue(record, now, timeout);
    };
  }

  void writeTo(ObjectDataOutput out) throws IOException {
    out.writeByte(kind.ordinal());
    out.writeLong(now);
    out.writeLong(timeout);
  }

  static Guard readFrom(ObjectDataInput in) throws IOException {
    Kind kind = Kind.values()[in.readByte()];
    long now = in.readLong();
    long timeout = in.readLong();
    return kind == Kind.ALWAYS ? ALWAYS : new Guard(kind, now, timeout);
  }
}

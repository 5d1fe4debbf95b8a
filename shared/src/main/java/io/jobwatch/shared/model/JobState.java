package io.jobwatch.shared.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The states of a job (PROTOCOL.md §1) and the kind each belongs to. */
public enum JobState {
  PENDING(Kind.WAITING),
  DEFERRED(Kind.WAITING),
  FAILED(Kind.WAITING),
  RUNNING(Kind.RUNNING),
  COMPLETE(Kind.FINISHED),
  ERROR(Kind.FINISHED),
  KILLED(Kind.FINISHED),
  INACTIVE(Kind.FINISHED);

  public enum Kind { WAITING, RUNNING, FINISHED }

  public static final Set<JobState> WAITING = EnumSet.of(PENDING, DEFERRED, FAILED);
  public static final Set<JobState> STOPPED = EnumSet.of(ERROR, KILLED, INACTIVE);

  private final Kind kind;
  private final String wire;

  JobState(Kind kind) {
    this.kind = kind;
    this.wire = name().toLowerCase(Locale.ROOT);
  }

  public Kind kind() {
    return kind;
  }

  public boolean isFinished() {
    return kind == Kind.FINISHED;
  }

  public boolean isWaiting() {
    return kind == Kind.WAITING;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  /** The state named on the wire, or null for a name that is not a state. */
  public static JobState fromWire(String s) {
    for (JobState st : values()) {
      if (st.wire.equals(s)) {
        return st;
      }
    }
    return null;
  }
}

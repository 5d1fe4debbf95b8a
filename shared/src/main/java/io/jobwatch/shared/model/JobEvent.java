package io.jobwatch.shared.model;

import java.util.Locale;

/** Event names of PROTOCOL.md §1, plus {@code runlog} for run-log appends. */
public enum JobEvent {
  ENQUEUE_JOB, REQUEST_START_JOB, START_JOB, COMPLETE_JOB, DEFER_JOB, FAILED_START, FAILED_JOB,
  REQUEST_KILL_JOB, KILL_JOB, REQUEST_REMOVE_JOB, REMOVE_JOB, FLAG_NONSTOP, FLAG_ZOMBIE,
  INACTIVATE_JOB, RESTART_WAITING, RESTART_STOPPED, PROGRESS, RUNLOG;

  private final String wire = name().toLowerCase(Locale.ROOT);

  public String wire() {
    return wire;
  }

  /** The event named on the wire, or null. */
  public static JobEvent fromWire(String s) {
    for (JobEvent e : values()) {
      if (e.wire.equals(s)) {
        return e;
      }
    }
    return null;
  }
}

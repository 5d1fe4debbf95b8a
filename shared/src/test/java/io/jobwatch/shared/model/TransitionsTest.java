package io.jobwatch.shared.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transition table of PROTOCOL.md §1, written out independently and checked pair by pair. */
public class TransitionsTest {
  public static final String REFUSED = "refused";
  public static final String REMOVED = "removed";

  /** event -> (from -> outcome); a missing from-state means refused. */
  public static final Map<String, Map<String, String>> TABLE = Map.ofEntries(
      entry("request_start_job", Map.of("pending", "running", "deferred", "running", "failed", "running")),
      entry("start_job", Map.of("running", "running")),
      entry("complete_job", Map.of("running", "complete")),
      entry("defer_job", Map.of("running", "deferred")),
      entry("failed_start", Map.of("running", "failed")),
      entry("failed_job", Map.of("running", "failed")),
      entry("request_kill_job", Map.of("running", "running", "pending", "killed", "deferred", "killed",
          "failed", "killed")),
      entry("kill_job", Map.of("running", "killed")),
      entry("request_remove_job", Map.of("running", "running", "pending", REMOVED, "deferred", REMOVED,
          "failed", REMOVED, "complete", REMOVED, "error", REMOVED, "killed", REMOVED, "inactive", REMOVED)),
      entry("remove_job", Map.of("running", REMOVED, "pending", REMOVED, "deferred", REMOVED, "failed", REMOVED,
          "complete", REMOVED, "error", REMOVED, "killed", REMOVED, "inactive", REMOVED)),
      entry("flag_nonstop", Map.of("running", "running")),
      entry("flag_zombie", Map.of("running", "running")),
      entry("inactivate_job", Map.of("pending", "inactive", "deferred", "inactive", "failed", "inactive")),
      entry("restart_waiting", Map.of("pending", "pending", "deferred", "pending", "failed", "pending")),
      entry("restart_stopped", Map.of("error", "pending", "killed", "pending", "inactive", "pending")),
      entry("progress", Map.of("running", "running")),
      entry("enqueue_job", Map.of()));

  static Job jobIn(JobState state) {
    Job j = new Job();
    j.jobId = "j";
    j.name = "n";
    j.owner = "o";
    j.state = state;
    j.attempt = state == JobState.PENDING ? 0 : 1;
    j.maxAttempts = 3;
    j.seq = 5;
    j.queued = 1L;
    j.updated = 1L;
    if (state.isFinished()) {
      j.finished = 1L;
    }
    return j;
  }

  @Test
  void verifiesEveryEventFromEveryStateAgainstTheContractTable() {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> row : TABLE.entrySet()) {
      JobEvent event = JobEvent.fromWire(row.getKey());
      for (JobState from : JobState.values()) {
        String expected = row.getValue().getOrDefault(from.wire(), REFUSED);
        Job before = jobIn(from);
        Transitions.Result result = Transitions.apply(before, event, EventInput.NONE, 1000L);
        String actual = result instanceof Transitions.Changed c ? c.job().state.wire()
            : result instanceof Transitions.Removed ? REMOVED : REFUSED;
        if (!expected.equals(actual)) {
          wrong.add(row.getKey() + " from " + from.wire() + ": expected " + expected + ", got " + actual);
        }
        assertEquals(5, before.seq, "the input job is never changed");
        if (result instanceof Transitions.Changed c) {
          assertEquals(6, c.job().seq, "seq + 1 on " + row.getKey());
          assertEquals(1000L, c.job().updated);
        }
        if (result instanceof Transitions.Refused r) {
          assertEquals(from, r.from());
        }
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    assertEquals(JobEvent.values().length - 1, TABLE.size(), "every wire event except runlog is in the table");
  }

  @Test
  void verifiesThatAFailureEndsInErrorWhenNoAttemptsRemain() {
    Job last = jobIn(JobState.RUNNING);
    last.attempt = 3;
    Transitions.Changed c = (Transitions.Changed) Transitions.apply(last, JobEvent.FAILED_JOB,
        new EventInput(null, null, "boom", null, null, null), 7L);
    assertEquals(JobState.ERROR, c.job().state);
    assertEquals(7L, c.job().finished);
    assertEquals("boom", c.job().error);
  }

  @Test
  void verifiesThatARestartClearsFinishedResultErrorAndFlagsAndGrantsAttemptsAgain() {
    Job errored = jobIn(JobState.ERROR);
    errored.attempt = 3;
    errored.error = "x";
    errored.result = "y";
    errored.flags = new JobFlags(true, true, true, true);
    Job restarted = ((Transitions.Changed) Transitions.apply(errored, JobEvent.RESTART_STOPPED, EventInput.NONE, 9L)).job();
    assertNull(restarted.finished);
    assertNull(restarted.error);
    assertNull(restarted.result);
    assertEquals(JobFlags.NONE, restarted.flags);
    Job running = ((Transitions.Changed) Transitions.apply(restarted, JobEvent.REQUEST_START_JOB, EventInput.NONE, 10L)).job();
    assertEquals(4, running.attempt);
    Job failed = ((Transitions.Changed) Transitions.apply(running, JobEvent.FAILED_JOB, EventInput.NONE, 11L)).job();
    assertEquals(JobState.FAILED, failed.state, "attempts count again from the restart");
  }

  @Test
  void verifiesThatKillAndRemoveRequestsOnARunningJobOnlySetFlags() {
    Job running = jobIn(JobState.RUNNING);
    Job killReq = ((Transitions.Changed) Transitions.apply(running, JobEvent.REQUEST_KILL_JOB, EventInput.NONE, 2L)).job();
    assertTrue(killReq.flags.killRequested());
    assertFalse(killReq.flags.removeRequested());
    Job removeReq = ((Transitions.Changed) Transitions.apply(killReq, JobEvent.REQUEST_REMOVE_JOB, EventInput.NONE, 3L)).job();
    assertTrue(removeReq.flags.removeRequested());
    assertEquals(JobState.RUNNING, removeReq.state);
  }

  @Test
  void verifiesThatAWorkerReportClearsTheZombieFlagAndReserveForSetsReservedUntil() {
    Job zombie = jobIn(JobState.RUNNING);
    zombie.flags = JobFlags.NONE.withZombie(true);
    Job reported = ((Transitions.Changed) Transitions.apply(zombie, JobEvent.PROGRESS,
        EventInput.progress(40, "half", 30L), 1_000L)).job();
    assertFalse(reported.flags.zombie());
    assertEquals(40, reported.percent);
    assertEquals("half", reported.desc);
    assertEquals(31_000L, reported.reservedUntil);
  }

  @Test
  void verifiesThatRequestStartBeginsANewAttemptWithAnEmptyRunLog() {
    Job failed = jobIn(JobState.FAILED);
    failed.runLog = new RunLogInfo(1, 40);
    Job running = ((Transitions.Changed) Transitions.apply(failed, JobEvent.REQUEST_START_JOB, EventInput.NONE, 5L)).job();
    assertEquals(2, running.attempt);
    assertEquals(new RunLogInfo(2, 0), running.runLog);
    assertInstanceOf(Transitions.Refused.class, Transitions.apply(running, JobEvent.REQUEST_START_JOB, EventInput.NONE, 6L));
  }
}

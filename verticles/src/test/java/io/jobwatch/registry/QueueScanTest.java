package io.jobwatch.registry;

import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobFlags;
import io.jobwatch.shared.model.JobState;
import io.jobwatch.shared.model.RunLogInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ticker's one pass over the jobs: the summary's counts and the watchdogs' due jobs together. */
class QueueScanTest {
  private static final long NOW = 1_700_000_100_000L;
  private static final long APP_MESSAGE_TIMEOUT_MS = 60_000;

  private static Map.Entry<String, JobRecord> job(String id, JobState state, Long reservedUntil) {
    Job j = new Job();
    j.jobId = id;
    j.name = "etl";
    j.owner = "alice";
    j.state = state;
    j.seq = 1;
    j.queued = NOW - 50_000;
    j.started = state == JobState.PENDING ? null : NOW - 40_000;
    j.updated = NOW - 30_000;
    j.reservedUntil = reservedUntil;
    j.flags = new JobFlags(false, false, false, false);
    j.runLog = new RunLogInfo(1, 0);
    return Map.entry(id, new JobRecord(j));
  }

  private static List<String> dueIds(QueueScan.Result result) {
    return result.due().stream().map(d -> d[0] + " " + d[1]).sorted().toList();
  }

  @Test
  void verifiesThatUnfinishedJobsAreCountedAndThoseDueAreFoundInOnePass() {
    QueueScan scan = new QueueScan(NOW, APP_MESSAGE_TIMEOUT_MS);
    scan.accumulate(job("a", JobState.RUNNING, NOW - 1));
    scan.accumulate(job("b", JobState.RUNNING, NOW + 60_000));
    scan.accumulate(job("c", JobState.PENDING, null));
    scan.accumulate(job("d", JobState.COMPLETE, NOW - 1));

    QueueScan.Result result = scan.aggregate();

    assertEquals(NOW, result.now());
    assertEquals(List.of("a flag_zombie"), dueIds(result), "only the running job past reservedUntil");
    assertEquals(Map.of(
        new SummaryKey("etl", "alice", "running", false, false, false, false), 2L,
        new SummaryKey("etl", "alice", "pending", false, false, false, false), 1L), result.counts(),
        "finished jobs are neither counted nor watched");
  }

  @Test
  void verifiesThatEachMembersPartIsCombined() {
    QueueScan one = new QueueScan(NOW, APP_MESSAGE_TIMEOUT_MS);
    one.accumulate(job("a", JobState.RUNNING, NOW - 1));
    QueueScan two = new QueueScan(NOW, APP_MESSAGE_TIMEOUT_MS);
    two.accumulate(job("b", JobState.RUNNING, NOW - 1));
    two.accumulate(job("c", JobState.RUNNING, null));

    one.combine(two);

    QueueScan.Result result = one.aggregate();
    assertEquals(List.of("a flag_zombie", "b flag_zombie"), dueIds(result));
    assertEquals(Map.of(new SummaryKey("etl", "alice", "running", false, false, false, false), 3L), result.counts());
  }
}

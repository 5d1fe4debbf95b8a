package io.jobwatch.registry;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.HeapData;
import io.jobwatch.auth.Caller;
import io.jobwatch.auth.RaiseTokenFloor;
import io.jobwatch.auth.UserRecord;
import io.jobwatch.node.ClusterConfigFactory;
import io.jobwatch.node.NodeConfig;
import io.jobwatch.shared.model.EventInput;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobEvent;
import io.jobwatch.shared.model.JobFlags;
import io.jobwatch.shared.model.JobState;
import io.jobwatch.shared.model.RunLogInfo;
import io.jobwatch.shared.protocol.QueueEvent;
import io.jobwatch.ticker.ClaimSecond;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verifies that everything one member sends another (records, entry processors, predicates,
 * projections, aggregators, answers) travels in a fixed wire form of our own: never Java
 * serialization, and byte for byte what {@code wire-forms.golden} holds. A failure here means a
 * wire form changed, which breaks a cluster running two builds side by side (a rolling upgrade):
 * give the changed form a new class id instead. After an intended change, run once with
 * {@code -Dwire.forms.update=true} to rewrite the golden file, and review its diff.
 */
class ClusterWireFormsTest {
  private static final String GOLDEN = "wire-forms.golden";
  private static final Path SOURCE = Path.of("src/test/resources", GOLDEN);
  private static final Set<Integer> JAVA_SERIALIZATION = Set.of(-100, -101);
  private static InternalSerializationService serialization;

  @BeforeAll
  static void serialization() {
    serialization = new DefaultSerializationServiceBuilder()
        .setConfig(ClusterConfigFactory.create(NodeConfig.from(Map.of())).getSerializationConfig()).build();
  }

  @AfterAll
  static void dispose() {
    serialization.dispose();
  }

  @Test
  void verifiesThatEveryClusterObjectKeepsItsWireFormAndSurvivesARoundTrip() throws IOException {
    Map<String, String> now = new TreeMap<>();
    samples().forEach((name, sample) -> {
      Data data = serialization.toData(sample);
      assertTrue(!JAVA_SERIALIZATION.contains(data.getType()), name + " travels Java-serialized");
      byte[] bytes = data.toByteArray();
      Object back = serialization.toObject(new HeapData(bytes));
      assertEquals(HexFormat.of().formatHex(bytes), HexFormat.of().formatHex(serialization.toData(back).toByteArray()),
          name + " changes in a round trip");
      now.put(name, HexFormat.of().formatHex(bytes));
    });
    if (Boolean.getBoolean("wire.forms.update")) {
      StringBuilder out = new StringBuilder("# name hex (ClusterWireFormsTest; rewrite with -Dwire.forms.update=true)\n");
      now.forEach((name, hex) -> out.append(name).append(' ').append(hex).append('\n'));
      Files.writeString(SOURCE, out);
      return;
    }
    Map<String, String> golden = golden();
    assertEquals(golden.keySet(), now.keySet(), "the samples and " + GOLDEN + " name the same objects");
    now.forEach((name, hex) -> assertEquals(golden.get(name), hex, "the wire form of " + name + " changed"));
  }

  @Test
  void verifiesThatAJobRecordReadBackHoldsEverythingItHeld() {
    JobRecord record = record();
    JobRecord back = serialization.toObject(serialization.toData(record));
    assertEquals(record.job.jobId, back.job.jobId);
    assertEquals(record.lastEventSeq, back.lastEventSeq);
    assertEquals(List.copyOf(record.events), List.copyOf(back.events));
    assertEquals(record.logs, back.logs);
    assertEquals(record.messages, back.messages);
    assertEquals(record.followers, back.followers);
    assertEquals(record.recentOps.keySet(), back.recentOps.keySet());
    assertNotNull(back.answerOf("op-1"), "a remembered operation still answers after a migration");
  }

  private static Map<String, String> golden() throws IOException {
    Map<String, String> golden = new TreeMap<>();
    try (InputStream in = ClusterWireFormsTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
      assertNotNull(in, GOLDEN + " is on the test classpath");
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] parts = line.split(" ", 2);
          golden.put(parts[0], parts[1].trim());
        }
      }
    }
    return golden;
  }

  private static Caller alice() {
    return new Caller("alice", Set.of("worker"), List.of("job:read:report-*"));
  }

  private static Job job() {
    Job j = new Job();
    j.jobId = "job-1";
    j.name = "report-daily";
    j.owner = "alice";
    j.state = JobState.RUNNING;
    j.percent = 40;
    j.desc = "reading";
    j.attempt = 1;
    j.maxAttempts = 3;
    j.seq = 7;
    j.queued = 1_700_000_000_000L;
    j.started = 1_700_000_001_000L;
    j.updated = 1_700_000_002_000L;
    j.reservedUntil = 1_700_000_060_000L;
    j.wallTimeLimit = 3600;
    j.flags = new JobFlags(false, false, true, false);
    j.runLog = new RunLogInfo(1, 2);
    j.callbacks = true;
    j.args = Map.of("day", "2026-11-30");
    j.custom = new LinkedHashMap<>(Map.of("team", "ops"));
    return j;
  }

  private static JobRecord record() {
    JobRecord r = new JobRecord(job());
    r.addEvent(new JobEventEntry(1, "enqueue_job", 1_700_000_000_000L, "alice", "pending", 0, null), 10);
    r.addEvent(new JobEventEntry(7, "progress", 1_700_000_002_000L, "worker-1", "running", 1, "half way"), 10);
    r.log(1).addAll(List.of("line one", "line two"));
    r.messages.add(new AppMessage("m-1", 1_700_000_002_500L, "{\"ask\":\"more\"}"));
    r.followers.add("member-a/0");
    r.remember("op-1", new Outcome.Changed(JobView.of(r.job), "progress", 1_700_000_002_000L, null));
    r.remember("op-2", new Outcome.Appended("job-1", 1, 7, 1, 2, 1_700_000_002_000L, null));
    return r;
  }

  private static Map<String, Object> samples() {
    Map<String, Object> s = new LinkedHashMap<>();
    JobRecord record = record();
    long at = 1_700_000_003_000L;
    s.put("job", job());
    s.put("job-record", record);
    s.put("queue-event", new QueueEvent("progress", at, "worker-1", "job-1", "report-daily", "alice", "running", 7, 1,
        "{\"jobId\":\"job-1\"}".getBytes(StandardCharsets.UTF_8), false));
    s.put("outcome-changed", new Outcome.Changed(JobView.of(job()), "progress", at, new String[] {"member-a/0"}));
    s.put("outcome-removed", new Outcome.Removed(JobView.of(job()), "remove_job", at, null));
    s.put("outcome-appended", new Outcome.Appended("job-1", 1, 8, 3, 4, at, null));
    s.put("outcome-refused", new Outcome.Refused(io.jobwatch.shared.protocol.ApiError.unknownJob("job-9")));
    s.put("run-log-page", RunLogPage.of(record, 1, 0, 10));
    s.put("subscribe-snapshot", SubscribeSnapshot.of(record, 1, 1, 10));
    s.put("create-job", new CreateJobProcessor("op-3", job(), 50));
    s.put("apply-event", new ApplyEventProcessor("op-4", alice(), JobEvent.PROGRESS,
        new EventInput("why", Map.of("rows", 3), null, 50, "half", 30L), at, 86_400, 50, Guard.ALWAYS));
    s.put("apply-event-guarded", new ApplyEventProcessor("op-5", Caller.HUB, JobEvent.FLAG_ZOMBIE, EventInput.NONE, at,
        86_400, 50, new Guard(Guard.Kind.ZOMBIE_DUE, at, 0)));
    s.put("append-run-log", new AppendRunLogProcessor("op-6", alice(), new ArrayList<>(List.of("a", "b")), 2, at,
        100_000));
    s.put("read-job", ReadProcessor.job(alice()));
    s.put("read-run-log", ReadProcessor.runLog(alice(), null, 5, 100));
    s.put("read-snapshot", ReadProcessor.snapshot(alice(), 1, 2, 100));
    s.put("read-position", ReadProcessor.position());
    s.put("follow", new FollowProcessor(alice(), "member-a/1", 1, 2, 100));
    s.put("drop-followers", new DropFollowersProcessor(Set.of("member-a/1")));
    s.put("post-message", new PostMessageProcessor(alice(), new AppMessage("m-2", at, "{}")));
    s.put("ack-message", new AckMessageProcessor(alice(), "m-1"));
    s.put("job-filter", new JobFilter(alice(), Set.of(JobState.RUNNING, JobState.PENDING), "report-*", "alice", at));
    s.put("job-filter-any", new JobFilter(alice(), null, null, null, null));
    s.put("job-projection", new JobProjection());
    SummaryAggregator summary = new SummaryAggregator();
    summary.accumulate(Map.entry("job-1", record));
    s.put("summary-aggregator", summary);
    QueueScan scan = new QueueScan(at + 100_000, 60_000); // reservedUntil has passed: one due job
    scan.accumulate(Map.entry("job-1", record));
    s.put("queue-scan", scan);
    s.put("user-record", new UserRecord("alice", "pbkdf2$1$salt$hash", List.of("worker"), List.of("job:read:*"),
        "Alice", "alice@example.org"));
    s.put("claim-second", new ClaimSecond("member-a"));
    s.put("raise-token-floor", new RaiseTokenFloor());
    return s;
  }
}

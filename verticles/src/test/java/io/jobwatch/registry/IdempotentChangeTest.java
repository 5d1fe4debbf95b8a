package io.jobwatch.registry;

import com.hazelcast.map.IMap;
import io.jobwatch.auth.Caller;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.shared.model.EventInput;
import io.jobwatch.shared.model.JobEvent;
import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** A change that Hazelcast runs twice (same processor, same operation id) is applied once and answered alike. */
@JobwatchCluster
class IdempotentChangeTest {

  @Test
  void verifiesThatReRunningAChangeOrAnAppendAppliesItOnce(TestCluster cluster) {
    Api admin = cluster.api(0).asAdmin();
    String id = admin.createJob("idempotent.job").getString("jobId");
    admin.event(id, "request_start_job");
    long seq = admin.job(id).getLong("seq");
    IMap<String, JobRecord> jobs = cluster.node(0).hazelcast().getMap(ClusterNames.JOBS_MAP);
    long now = System.currentTimeMillis();

    ApplyEventProcessor progress = new ApplyEventProcessor("op-1", Caller.HUB, JobEvent.PROGRESS,
        EventInput.progress(50, "half", null), now, 1800, 100, Guard.ALWAYS);
    Outcome first = jobs.executeOnKey(id, progress);
    Outcome again = jobs.executeOnKey(id, progress);
    assertInstanceOf(Outcome.Changed.class, again);
    assertEquals(seq + 1, ((Outcome.Changed) first).job().seq());
    assertEquals(seq + 1, ((Outcome.Changed) again).job().seq(), "the re-run answers as the first run did");
    assertEquals(seq + 1, admin.job(id).getLong("seq"), "and changed nothing");

    AppendRunLogProcessor append = new AppendRunLogProcessor("op-2", Caller.HUB, List.of("a", "b"), 0, now, 1000);
    Outcome.Appended once = (Outcome.Appended) jobs.executeOnKey(id, append);
    Outcome.Appended twice = (Outcome.Appended) jobs.executeOnKey(id, append);
    assertEquals(2, once.last());
    assertEquals(2, twice.last());
    assertEquals(2, admin.get("/jobs/" + id + "/runlog").json().getInteger("lastLine"), "lines written once");
    assertEquals(seq + 2, admin.job(id).getLong("seq"));
  }
}

package io.jobwatch.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.jobwatch.auth.Caller;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.shared.model.EventInput;
import io.jobwatch.shared.model.JobEvent;
import io.jobwatch.testing.Api;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Two clustered nodes in one JVM: a processor's answer comes back whole whether its job lives here or there. */
@JobwatchCluster(nodes = 2)
class HandedBackProcessorTest {

  @Test
  void verifiesThatAJobOnTheSendingMemberHandsItsAnswerBackInPlace(TestCluster cluster) throws Exception {
    HazelcastInstance here = cluster.node(0).hazelcast();
    String id = jobOwnedBy(cluster, here, true);
    ApplyEventProcessor progress = progress("handed-back-1");

    Outcome returned = send(here, id, progress, true);

    assertNull(returned, "Hazelcast carries no answer for a call that stayed on this member");
    Outcome.Changed answer = assertInstanceOf(Outcome.Changed.class, HandedBackProcessor.answerOf(progress, null));
    assertEquals(id, answer.job().jobId());
    assertEquals(answer.job().seq(), cluster.api(1).asAdmin().job(id).getLong("seq"), "the change is stored");
  }

  @Test
  void verifiesThatAJobOnAnotherMemberAnswersFromItsCopy(TestCluster cluster) throws Exception {
    HazelcastInstance here = cluster.node(0).hazelcast();
    String id = jobOwnedBy(cluster, here, false);
    ApplyEventProcessor progress = progress("handed-back-2");

    Outcome returned = send(here, id, progress, true);

    Outcome.Changed answer = assertInstanceOf(Outcome.Changed.class, returned,
        "the copy that ran on the other member is not marked and answers over the wire");
    assertEquals(id, answer.job().jobId());
    assertEquals(answer, HandedBackProcessor.answerOf(progress, returned));
  }

  @Test
  void verifiesThatAnUnmarkedProcessorAnswersTheUsualWay(TestCluster cluster) throws Exception {
    HazelcastInstance here = cluster.node(0).hazelcast();
    String id = jobOwnedBy(cluster, here, true);

    Outcome returned = send(here, id, progress("handed-back-3"), false);

    assertNotNull(returned, "only a sender that asks for its answer in place gets it that way");
  }

  private static ApplyEventProcessor progress(String opId) {
    return new ApplyEventProcessor(opId, Caller.HUB, JobEvent.PROGRESS, EventInput.progress(10, "ten", null),
        System.currentTimeMillis(), 1800, 100, Guard.ALWAYS);
  }

  /** What Hazelcast returns for {@code processor} sent from {@code member}, marked as JobStore marks it or not. */
  private static Outcome send(HazelcastInstance member, String id, ApplyEventProcessor processor, boolean marked)
      throws Exception {
    if (marked) {
      processor.sentFromHere();
    }
    IMap<String, JobRecord> jobs = member.getMap(ClusterNames.JOBS_MAP);
    return jobs.submitToKey(id, processor).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A running job whose partition {@code member} owns ({@code local}) or does not. */
  private static String jobOwnedBy(TestCluster cluster, HazelcastInstance member, boolean local) {
    Api admin = cluster.api(0).asAdmin();
    for (int i = 0; i < 200; i++) {
      String id = admin.createJob("handed.back").getString("jobId");
      if (member.getPartitionService().getPartition(id).getOwner().localMember() == local) {
        admin.event(id, "request_start_job");
        return id;
      }
    }
    throw new AssertionError("no job of 200 landed on the " + (local ? "sending" : "other") + " member");
  }
}

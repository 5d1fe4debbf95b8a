package io.jobwatch.registry;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.jobwatch.shared.protocol.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sends what changed in a job to the nodes whose sockets follow it, and only to them. A job's
 * record lists its followers ({@code <member uuid>/<loop>}, added and dropped by the gateways
 * with an entry processor), and every change answers with that list; a change nobody follows
 * costs no message at all. One per node.
 *
 * <p>A follower whose member has left (it died while following) is skipped here and handed back,
 * to be dropped from the record by the registry's store; without that, each change would make the event bus look up an address nobody
 * listens to any more.
 */
public final class FollowNotifier {
  private final Vertx vertx;
  private volatile Set<String> members;

  public FollowNotifier(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.members = uuids(hazelcast.getCluster().getMembers());
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        members = uuids(event.getMembers());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        members = uuids(event.getMembers());
      }
    });
  }

  /**
   * Sends {@code message} once to every live node among {@code followers} (null means none);
   * answers the followers on nodes that left the cluster (null when none did), to be dropped.
   */
  public Set<String> notify(String[] followers, Buffer message) {
    if (followers == null) {
      return null;
    }
    Set<String> sent = new HashSet<>(2);
    Set<String> gone = null;
    Set<String> live = members;
    for (String follower : followers) {
      String member = memberOf(follower);
      if (!live.contains(member)) {
        gone = gone == null ? new HashSet<>() : gone;
        gone.add(follower);
      } else if (sent.add(member)) {
        vertx.eventBus().publish(Addresses.node(member), message);
      }
    }
    return gone;
  }

  /** The follower id of one event loop's gateway on a member. */
  public static String followerId(String memberUuid, int loop) {
    return memberUuid + "/" + loop;
  }

  static String memberOf(String followerId) {
    int slash = followerId.indexOf('/');
    return slash < 0 ? followerId : followerId.substring(0, slash);
  }

  private static Set<String> uuids(Set<Member> members) {
    return members.stream().map(m -> m.getUuid().toString()).collect(Collectors.toUnmodifiableSet());
  }
}

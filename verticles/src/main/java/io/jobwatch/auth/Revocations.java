package io.jobwatch.auth;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.jobwatch.cluster.ClusterNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Token revocation by generation. Each user has a floor in the cluster ({@value ClusterNames#TOKEN_FLOORS_MAP});
 * a token carries the floor its user had when it was issued (claim {@code gen}, 0 when absent), and
 * is refused once the floor is above it. Deleting a user or changing its password, roles or perms
 * raises the floor where it lives (an entry processor). Every node mirrors the floors through an
 * entry listener, so a request is checked against a local map, never with a cluster round trip,
 * and a raise reaches every node within milliseconds.
 */
public final class Revocations {
  private final Vertx vertx;
  private final IMap<String, Long> floors;
  private final Map<String, Long> mirror = new ConcurrentHashMap<>();
  private final List<Consumer<String>> onRevoked = new CopyOnWriteArrayList<>();

  public Revocations(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.floors = hazelcast.getMap(ClusterNames.TOKEN_FLOORS_MAP);
  }

  /** Listens first, then loads what is there, so no raise falls between the two. */
  public Future<Void> start() {
    return vertx.executeBlocking(() -> {
      floors.addEntryListener(new Listener(), true);
      floors.entrySet().forEach(e -> learn(e.getKey(), e.getValue()));
      return null;
    }, false);
  }

  /** The generation a token issued now for this user carries. */
  public long generation(String user) {
    return mirror.getOrDefault(user, 0L);
  }

  public boolean isRevoked(String user, long generation) {
    Long floor = mirror.get(user);
    return floor != null && generation < floor;
  }

  /** Refuses every token issued to this user so far (on every node within a moment). */
  public Future<Void> revokeAll(String user) {
    return vertx.executeBlocking(() -> {
      learn(user, floors.executeOnKey(user, new RaiseTokenFloor()));
      return null;
    }, false);
  }

  /** Called (on a Hazelcast thread) with a user whose earlier tokens were revoked. */
  public void onRevoked(Consumer<String> listener) {
    onRevoked.add(listener);
  }

  private void learn(String user, Long floor) {
    if (floor == null) {
      return;
    }
    boolean[] raised = {false};
    mirror.compute(user, (k, known) -> {
      raised[0] = known == null || known < floor;
      return raised[0] ? floor : known;
    });
    if (raised[0]) {
      onRevoked.forEach(l -> l.accept(user));
    }
  }

  private final class Listener implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long> {
    @Override
    public void entryAdded(EntryEvent<String, Long> event) {
      learn(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, Long> event) {
      learn(event.getKey(), event.getValue());
    }
  }
}

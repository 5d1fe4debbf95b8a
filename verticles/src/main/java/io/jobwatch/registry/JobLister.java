package io.jobwatch.registry;

import com.hazelcast.map.IMap;
import io.jobwatch.registry.RegistryCommand.ListJobs;
import io.jobwatch.shared.json.Json;
import io.jobwatch.shared.model.Job;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /jobs}: the filter runs on every member (only matching jobs, without their logs,
 * cross the network), then this node sorts and cuts the page.
 */
final class JobLister {
  static final Map<String, Comparator<Job>> SORT_KEYS = Map.of(
      "queued", nullsLast(j -> j.queued),
      "started", nullsLast(j -> j.started),
      "finished", nullsLast(j -> j.finished),
      "updated", nullsLast(j -> j.updated),
      "name", Comparator.comparing(j -> j.name),
      "state", Comparator.comparing(j -> j.state.wire()),
      "percent", Comparator.comparingInt(j -> j.percent));

  private final Vertx vertx;
  private final IMap<String, JobRecord> jobs;

  JobLister(Vertx vertx, IMap<String, JobRecord> jobs) {
    this.vertx = vertx;
    this.jobs = jobs;
  }

  Future<Buffer> list(ListJobs c) {
    JobFilter filter = new JobFilter(c.caller(), c.states(), c.nameGlob(), c.owner(), null);
    return vertx.executeBlocking(() -> {
      Collection<Job> found = jobs.project(new JobProjection(), filter);
      List<Job> sorted = new ArrayList<>(found);
      sorted.sort(comparator(c.sort()));
      int total = sorted.size();
      int from = (int) Math.min((long) c.page() * c.perPage(), total);
      List<Job> page = sorted.subList(from, Math.min(total, from + c.perPage()));
      return Json.buffer(new Page<>(page, c.page(), c.perPage(), total));
    }, false);
  }

  private static Comparator<Job> comparator(String sort) {
    boolean descending = sort.startsWith("-");
    Comparator<Job> key = SORT_KEYS.get(descending ? sort.substring(1) : sort);
    // Ties broken by id, so pages of an unchanged queue never overlap.
    Comparator<Job> byId = Comparator.comparing(j -> j.jobId);
    return descending ? key.reversed().thenComparing(byId) : key.thenComparing(byId);
  }

  private static Comparator<Job> nullsLast(Function<Job, Long> field) {
    return Comparator.comparing(field, Comparator.nullsLast(Comparator.naturalOrder()));
  }

  /** The page envelope of PROTOCOL.md §2. */
  public static final class Page<T> {
    public final List<T> data;
    public final int page;
    public final int per_page;
    public final int page_count;
    public final int total_count;
    public final int count;

    Page(List<T> data, int page, int perPage, int total) {
      this.data = data;
      this.page = page;
      this.per_page = perPage;
      this.page_count = (total + perPage - 1) / perPage;
      this.total_count = total;
      this.count = data.size();
    }
  }
}

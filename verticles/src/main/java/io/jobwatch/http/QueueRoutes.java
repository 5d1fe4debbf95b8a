package io.jobwatch.http;

import io.jobwatch.node.NodeConfig;
import io.jobwatch.registry.Registry;
import io.jobwatch.registry.RegistryCommand;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** The {@code /queue} endpoints of PROTOCOL.md §2: the summary and the history of snapshots. */
final class QueueRoutes {
  private final Registry registry;
  private final NodeConfig.Limits limits;

  QueueRoutes(Registry registry, NodeConfig.Limits limits) {
    this.registry = registry;
    this.limits = limits;
  }

  void mount(ApiRoutes routes) {
    routes.add(HttpMethod.GET, "/queue/summary", 200, this::summary);
    routes.add(HttpMethod.GET, "/queue/history", 200, this::history);
  }

  private Future<Buffer> summary(ApiRequest r) {
    return registry.request(new RegistryCommand.Summary(r.caller()));
  }

  private Future<Buffer> history(ApiRequest r) {
    Integer page = Fields.queryInt(r, "page", 0, Integer.MAX_VALUE);
    Integer perPage = Fields.queryInt(r, "per_page", 1, limits.maxPerPage());
    return registry.request(new RegistryCommand.History(r.caller(),
        page == null ? 0 : page, perPage == null ? 50 : perPage));
  }
}

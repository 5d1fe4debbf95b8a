package io.jobwatch.http;

import io.jobwatch.node.NodeConfig;
import io.jobwatch.registry.Registry;
import io.jobwatch.registry.RegistryCommand;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static io.jobwatch.http.AuthHandler.caller;

/** The {@code /queue} endpoints of PROTOCOL.md §2: the summary and the history of snapshots. */
final class QueueRoutes {
  private final Registry registry;
  private final NodeConfig.Limits limits;

  QueueRoutes(Registry registry, NodeConfig.Limits limits) {
    this.registry = registry;
    this.limits = limits;
  }

  void mount(Router router) {
    router.get("/queue/summary").handler(this::summary);
    router.get("/queue/history").handler(this::history);
  }

  private void summary(RoutingContext ctx) {
    Responses.later(ctx, 200, registry.request(new RegistryCommand.Summary(caller(ctx))));
  }

  private void history(RoutingContext ctx) {
    Integer page = Fields.queryInt(ctx, "page", 0, Integer.MAX_VALUE);
    Integer perPage = Fields.queryInt(ctx, "per_page", 1, limits.maxPerPage());
    Responses.later(ctx, 200, registry.request(new RegistryCommand.History(caller(ctx),
        page == null ? 0 : page, perPage == null ? 50 : perPage)));
  }
}

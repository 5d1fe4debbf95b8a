package io.jobwatch.http;

import io.jobwatch.auth.TokenService;
import io.jobwatch.auth.UserStore;
import io.jobwatch.gateway.Gateway;
import io.jobwatch.metrics.MetricsEndpoint;
import io.jobwatch.node.NodeConfig;
import io.jobwatch.node.NodeServices;
import io.jobwatch.node.Readiness;
import io.jobwatch.registry.Registry;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The HTTP API (PROTOCOL.md §2) under {@code /api/v1}. Stateless: any node answers any request.
 * Several instances share the port, one per event loop.
 */
public final class HttpApiVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(HttpApiVerticle.class.getName());
  public static final String BASE = "/api/v1";
  /** How long a stopping node lets requests in flight finish. */
  private static final long DRAIN_SECONDS = 10;

  private final NodeServices services;
  private final NodeConfig config;
  private final TokenService tokens;
  private final UserStore users;
  private final Readiness readiness;
  private final HttpNodeState shared;
  private Gateway gateway;
  private Router api;
  private ApiRoutes routes;
  private HttpServer server;

  public HttpApiVerticle(NodeServices services, HttpNodeState shared) {
    this.services = services;
    this.config = services.config();
    this.tokens = services.tokens();
    this.users = services.users();
    this.readiness = services.readiness();
    this.shared = shared;
  }

  @Override
  public Future<?> start() {
    Registry registry = services.registry(vertx, context);
    routes = new ApiRoutes(shared.limits, config.clientAddressHeader());
    // Jobs first: the router tries routes in order (a regex per path with a parameter), and workers'
    // updates of jobs are most of the traffic.
    new JobRoutes(registry, config.limits()).mount(routes);
    new QueueRoutes(registry, config.limits()).mount(routes);
    new UserRoutes(users, tokens, shared.limits).mount(routes);
    gateway = new Gateway(config, tokens, services.hazelcast(), services.window(), routes, services.metrics(), vertx,
        context, shared.loops.getAndIncrement());
    return gateway.start().compose(v -> listen(routes));
  }

  private Future<HttpServer> listen(ApiRoutes routes) {
    api = Router.router(vertx);
    api.route().handler(RequestEdge::requireDecodableQuery);
    if (config.metricsPort() == null) {
      api.get("/metrics").handler(MetricsEndpoint.handler(services.meters(), config.metricsToken()));
    }
    new HealthEndpoints(vertx, services.hazelcast(), readiness).mount(api);
    api.get("/openapi.json").handler(OpenApiDocument.handler());
    api.route().handler(this::requireReady);
    api.route().handler(RequestEdge::bodiesAreJson);
    api.route().handler(BodyHandler.create(false).setBodyLimit(config.limits().maxBodyBytes()));
    routes.mountOpen(api);
    api.route().handler(new AuthHandler(tokens, shared.limits));
    routes.mountAuthenticated(api);
    api.route().failureHandler(this::failed);

    Router root = Router.router(vertx);
    root.route(BASE + "/*").subRouter(api);
    // The dashboard: its page and scripts from the jar, its chart library from a WebJar. Only GET and
    // HEAD, and never under the API, so the API's own 404 and 405 answers stay as they are.
    root.route().method(HttpMethod.GET).method(HttpMethod.HEAD).path("/webjars/*")
        .handler(StaticHandler.create("META-INF/resources/webjars"));
    root.route().method(HttpMethod.GET).method(HttpMethod.HEAD).pathRegex("^(?!" + BASE + "/).*")
        .handler(StaticHandler.create("webroot").setIndexPage("index.html"));
    root.errorHandler(404, ctx -> Responses.json(ctx, 404,
        new JsonObject().put("error", "not_found").put("message", "no such endpoint").toBuffer()));
    root.errorHandler(405, ctx -> Responses.json(ctx, 405,
        new JsonObject().put("error", "method_not_allowed").put("message", "method not allowed here").toBuffer()));

    // WebSocket limits are explicit; no compression, so no frame can inflate past them.
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort())
        .setCompressionSupported(false).setTcpNoDelay(true)
        // The session refuses messages over the limit with 1009; this hard cap stops bigger ones unread.
        .setMaxWebSocketFrameSize(4 * config.limits().maxWsMessageBytes())
        .setMaxWebSocketMessageSize(4 * config.limits().maxWsMessageBytes())
        .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false));
    server.invalidRequestHandler(RequestEdge::invalidRequest);
    server.webSocketHandshakeHandler(this::handshake);
    server.webSocketHandler(ws -> gateway.accept(ws, token(ws.headers().get("authorization"), ws.query())));
    return server.requestHandler(RequestEdge.requirePathEscapes(root)).listen().onSuccess(s -> LOG.fine("HTTP listening on " + s.actualPort()));
  }

  /** What this verticle serves under {@code /api/v1}, as {@code "GET /jobs/{id}"}, plus the WebSocket's {@code GET /ws}. */
  List<String> operations() {
    List<String> out = new ArrayList<>();
    for (Route route : api.getRoutes()) {
      if (route.getPath() != null && route.methods() != null) {
        route.methods().forEach(m -> out.add(m.name() + " " + ApiRoutes.openApiPath(route.getPath())));
      }
    }
    out.add("GET /ws");
    return out;
  }

  /** The success status of each endpoint of the API's table. */
  Map<String, Integer> successStatuses() {
    return routes.successStatuses();
  }

  @Override
  public Future<?> stop() {
    if (gateway != null) {
      gateway.stop();
    }
    // Stop taking connections, let requests in flight finish.
    return server == null ? Future.succeededFuture() : server.shutdown(DRAIN_SECONDS, TimeUnit.SECONDS);
  }

  /** Upgrades only {@code /api/v1/ws}, and only on a node that serves. */
  private void handshake(ServerWebSocketHandshake handshake) {
    if (!(BASE + "/ws").equals(handshake.path())) {
      handshake.reject(404);
    } else if (!readiness.isReady()) {
      handshake.reject(503);
    } else {
      handshake.accept();
    }
  }

  /** The token of the upgrade request: {@code Authorization: Bearer}, else {@code ?token=}, else none. */
  static String token(String authorization, String query) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("token=")) {
          return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  private void requireReady(RoutingContext ctx) {
    if (readiness.isReady()) {
      ctx.next();
    } else {
      Responses.error(ctx, ApiError.unavailable("node not ready"));
    }
  }

  private void failed(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError) {
      Responses.error(ctx, failure);
    } else if (ctx.statusCode() == 413) {
      Responses.error(ctx, ApiError.tooLarge("a request body has at most " + config.limits().maxBodyBytes() + " bytes"));
    } else if (ctx.statusCode() == 400) {
      Responses.error(ctx, ApiError.badRequest("bad request"));
    } else if (ctx.statusCode() == 401) {
      Responses.error(ctx, ApiError.unauthenticated("unauthenticated"));
    } else {
      Responses.error(ctx, failure != null ? failure : ApiError.unavailable("request failed (" + ctx.statusCode() + ")"));
    }
  }
}

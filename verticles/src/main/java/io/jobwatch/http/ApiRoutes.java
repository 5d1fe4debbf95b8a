package io.jobwatch.http;

import io.jobwatch.auth.Caller;
import io.jobwatch.auth.RateLimits;
import io.jobwatch.cluster.HazelcastErrors;
import io.jobwatch.gateway.WorkerCalls;
import io.jobwatch.shared.protocol.ApiError;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The API's one table of endpoints (method, path, success status), served two ways: mounted on the
 * HTTP router, and matched for the worker channel's calls, which get the very same answers, rights,
 * limits and rate limits.
 */
final class ApiRoutes implements WorkerCalls {
  private static final Logger LOG = Logger.getLogger(ApiRoutes.class.getName());

  /** An endpoint: its body on success; refusals are {@link ApiError}s, thrown or failed. */
  @FunctionalInterface
  interface Endpoint {
    Future<Buffer> answer(ApiRequest request);
  }

  private record Route(HttpMethod method, String path, String[] segments, int status, boolean open,
                       Endpoint endpoint) {
  }

  private record Matched(Route route, Map<String, String> params) {
  }

  private final List<Route> routes = new ArrayList<>();
  private final RateLimits limits;
  private final String clientAddressHeader;

  ApiRoutes(RateLimits limits, String clientAddressHeader) {
    this.limits = limits;
    this.clientAddressHeader = clientAddressHeader;
  }

  /** An endpoint every authenticated caller may try (its rights are checked inside). */
  void add(HttpMethod method, String path, int status, Endpoint endpoint) {
    routes.add(new Route(method, path, segments(path), status, false, endpoint));
  }

  /** An endpoint open to everyone ({@code /login}). */
  void addOpen(HttpMethod method, String path, int status, Endpoint endpoint) {
    routes.add(new Route(method, path, segments(path), status, true, endpoint));
  }

  /** Each endpoint's success status by {@code "METHOD /path/{param}"} (the OpenAPI document is checked against it). */
  Map<String, Integer> successStatuses() {
    Map<String, Integer> out = new TreeMap<>();
    for (Route r : routes) {
      out.put(r.method().name() + " " + openApiPath(r.path()), r.status());
    }
    return out;
  }

  /** A router path as OpenAPI writes it: {@code /jobs/:id} is {@code /jobs/{id}}. */
  static String openApiPath(String routerPath) {
    return routerPath.replaceAll(":([A-Za-z]+)", "{$1}");
  }

  /** The open endpoints, to mount before authentication. */
  void mountOpen(Router router) {
    mount(router, true);
  }

  /** The others, to mount after authentication. */
  void mountAuthenticated(Router router) {
    mount(router, false);
  }

  private void mount(Router router, boolean open) {
    for (Route r : routes) {
      if (r.open() == open) {
        router.route(r.method(), r.path()).handler(ctx -> answer(ctx, r));
      }
    }
  }

  private void answer(RoutingContext ctx, Route route) {
    Future<Buffer> body;
    try {
      body = route.endpoint().answer(new HttpApiRequest(ctx, clientAddressHeader));
    } catch (ApiError e) {
      body = Future.failedFuture(e);
    }
    Responses.later(ctx, route.status(), body);
  }

  // ---- the worker channel

  @Override
  public Future<Answer> call(Caller caller, String clientAddress, String method, String target, Object body) {
    Matched m;
    try {
      m = match(method, target);
    } catch (RuntimeException e) {
      return Future.succeededFuture(error(e));
    }
    Future<Void> allowed = m.route().open() ? Future.succeededFuture() : limits.request(caller.name());
    int status = m.route().status();
    return allowed.compose(v -> m.route().endpoint()
            .answer(new CallRequest(m.route().open() ? null : caller, clientAddress, m.params(), body)))
        .transform(ar -> Future.succeededFuture(ar.succeeded() ? new Answer(status, ar.result()) : error(ar.cause())));
  }

  @Override
  public String orderingKey(String method, String target, Object body) {
    String path;
    try {
      path = path(target);
    } catch (ApiError e) {
      return null; // the call itself answers the error
    }
    if (path.startsWith("/jobs/")) {
      int end = path.indexOf('/', 6);
      String id = end < 0 ? path.substring(6) : path.substring(6, end);
      return id.isEmpty() || (end < 0 && id.equals("watch")) ? null : id;
    }
    if (path.equals("/jobs") && "POST".equals(method) && body instanceof JsonObject o
        && o.getValue("jobId") instanceof String id) {
      return id;
    }
    return null;
  }

  private Matched match(String method, String target) {
    String path = path(target);
    String[] segments = segments(path);
    boolean pathKnown = false;
    for (Route r : routes) {
      if (matches(r.segments(), segments)) {
        pathKnown = true;
        if (r.method().name().equals(method)) {
          Map<String, String> params = pathParams(r.segments(), segments);
          if (target.indexOf('?') >= 0) {
            new QueryStringDecoder(target).parameters()
                .forEach((name, values) -> params.putIfAbsent(name, values.get(0)));
          }
          return new Matched(r, params);
        }
      }
    }
    throw pathKnown ? new ApiError(405, "method_not_allowed", "method not allowed here")
        : new ApiError(404, "not_found", "no such endpoint");
  }

  /** The decoded path under /api/v1 ({@code /api/v1} itself may be left out); 400 when it does not decode. */
  private static String path(String target) {
    int end = 0;
    while (end < target.length() && target.charAt(end) != '?' && target.charAt(end) != '#') {
      end++;
    }
    String path = target.substring(0, end);
    // Most paths have no escape: decoding would only copy them (a path's '+' stays a '+' either way).
    if (path.indexOf('%') >= 0) {
      try {
        path = new QueryStringDecoder(path).path();
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("the path has a malformed % escape");
      }
    }
    if (path.startsWith(HttpApiVerticle.BASE + "/")) {
      path = path.substring(HttpApiVerticle.BASE.length());
    }
    if (!path.startsWith("/")) {
      throw ApiError.badRequest("'path' starts with /");
    }
    return path;
  }

  private static String[] segments(String path) {
    return path.substring(1).split("/", -1);
  }

  /** Whether the path has the route's shape: its fixed segments, and a non-empty one for each parameter. */
  private static boolean matches(String[] pattern, String[] segments) {
    if (pattern.length != segments.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].startsWith(":") ? segments[i].isEmpty() : !pattern[i].equals(segments[i])) {
        return false;
      }
    }
    return true;
  }

  /** The path parameters of a path that {@link #matches} the route. */
  private static Map<String, String> pathParams(String[] pattern, String[] segments) {
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].startsWith(":")) {
        params.put(pattern[i].substring(1), segments[i]);
      }
    }
    return params;
  }

  private static Answer error(Throwable failure) {
    ApiError error;
    if (failure instanceof ApiError e) {
      error = e;
    } else if (failure instanceof IllegalArgumentException) {
      error = HttpApiRequest.malformedQuery();
    } else {
      // A cluster that refuses (no majority, members moving) answers 503 as over HTTP; anything else is logged.
      error = HazelcastErrors.toApiError(failure, LOG, " of a call");
    }
    return new Answer(error.status(), error.toJson().toBuffer());
  }

  /** A call's request: its user, its path and query parameters, its body. */
  private record CallRequest(Caller caller, String clientAddress, Map<String, String> params, Object rawBody)
      implements ApiRequest {
    @Override
    public String param(String name) {
      return params.get(name);
    }

    @Override
    public JsonObject body() {
      if (rawBody instanceof JsonObject o) {
        return o;
      }
      throw ApiError.badRequest("the body must be a JSON object");
    }
  }
}

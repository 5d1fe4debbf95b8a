package io.jobwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP server's request meters, under vertx-micrometer's names and tags (method; method,
 * route and code once answered), with each set of meters found once and kept: vertx-micrometer
 * looks five meters up by their tags on every request, about 4 % of a node's CPU under W1 (README,
 * Performance). Connections, bytes and WebSockets stay with vertx-micrometer's own metrics.
 */
final class HttpRequestMeters implements HttpServerMetrics<HttpRequestMeters.Request, Object, Object> {
  private final HttpServerMetrics<Object, Object, Object> sockets;
  private final MeterRegistry registry;
  private final MetricsNaming names;
  private final Map<String, ByMethod> byMethod = new ConcurrentHashMap<>();
  private final Map<Outcome, Answered> byOutcome = new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked")
  HttpRequestMeters(HttpServerMetrics<?, ?, ?> sockets, MeterRegistry registry, MetricsNaming names) {
    this.sockets = (HttpServerMetrics<Object, Object, Object>) sockets;
    this.registry = registry;
    this.names = names;
  }

  @Override
  public Request requestBegin(Object socket, HttpRequest request) {
    ByMethod meters = byMethod.computeIfAbsent(request.method().name(), this::byMethod);
    meters.active.increment();
    return new Request(meters, System.nanoTime());
  }

  @Override
  public void requestRouted(Request request, String route) {
    if (request != null && route != null) {
      // Sub-routers add their part: "/api/v1/" then "/jobs/:id" reads "/api/v1/>/jobs/:id".
      request.route = request.route == null ? route : request.route + '>' + route;
    }
  }

  @Override
  public void requestEnd(Request request, HttpRequest req, long bytesRead) {
    if (request != null) {
      request.meters.requestBytes.record(bytesRead);
      request.requestEnded = true;
      request.finishIfDone();
    }
  }

  @Override
  public void responseEnd(Request request, HttpResponse response, long bytesWritten) {
    if (request == null) {
      return;
    }
    String route = request.route == null ? "" : request.route;
    Answered meters = byOutcome.computeIfAbsent(new Outcome(request.meters.method, route, response.statusCode()),
        this::answered);
    meters.count.increment();
    meters.time.record(System.nanoTime() - request.startNanos, TimeUnit.NANOSECONDS);
    meters.responseBytes.record(bytesWritten);
    request.responseEnded = true;
    request.finishIfDone();
  }

  @Override
  public void requestReset(Request request) {
    if (request != null) {
      request.meters.resets.increment();
      request.requestEnded = true;
      request.responseEnded = true;
      request.finishIfDone();
    }
  }

  @Override
  public Object connected(SocketAddress remote, String remoteName) {
    return sockets.connected(remote, remoteName);
  }

  @Override
  public void disconnected(Object socket, SocketAddress remote) {
    sockets.disconnected(socket, remote);
  }

  @Override
  public Object connected(Object socket, Request request, ServerWebSocket webSocket) {
    // vertx-micrometer counts the WebSocket by the socket alone; the request is not needed.
    return sockets.connected(socket, null, webSocket);
  }

  @Override
  public void disconnected(Object webSocket) {
    sockets.disconnected(webSocket);
  }

  @Override
  public void bytesRead(Object socket, SocketAddress remote, long bytes) {
    sockets.bytesRead(socket, remote, bytes);
  }

  @Override
  public void bytesWritten(Object socket, SocketAddress remote, long bytes) {
    sockets.bytesWritten(socket, remote, bytes);
  }

  @Override
  public void exceptionOccurred(Object socket, SocketAddress remote, Throwable t) {
    sockets.exceptionOccurred(socket, remote, t);
  }

  @Override
  public void close() {
    sockets.close();
  }

  /** vertx-micrometer's name of a meter of the HTTP server: its domain's prefix and the given name. */
  private static String name(String name) {
    return MetricsDomain.HTTP_SERVER.getPrefix() + name;
  }

  private ByMethod byMethod(String method) {
    LongAdder active = new LongAdder();
    Gauge.builder(name(names.getHttpActiveRequests()), active, LongAdder::doubleValue).strongReference(true)
        .description("Number of requests being processed").tag("method", method).register(registry);
    return new ByMethod(method, active,
        DistributionSummary.builder(name(names.getHttpRequestBytes())).description("Size of requests in bytes")
            .tag("method", method).register(registry),
        Counter.builder(name(names.getHttpRequestResetsCount())).description("Number of request resets")
            .tag("method", method).register(registry));
  }

  private Answered answered(Outcome outcome) {
    String[] tags = {"method", outcome.method, "route", outcome.route, "code", Integer.toString(outcome.code)};
    return new Answered(
        Counter.builder(name(names.getHttpRequestsCount())).description("Number of processed requests").tags(tags)
            .register(registry),
        Timer.builder(name(names.getHttpResponseTime())).description("Request processing time").tags(tags)
            .register(registry),
        DistributionSummary.builder(name(names.getHttpResponseBytes())).description("Size of responses in bytes").tags(tags)
            .register(registry));
  }

  private record ByMethod(String method, LongAdder active, DistributionSummary requestBytes, Counter resets) {
  }

  private record Outcome(String method, String route, int code) {
  }

  private record Answered(Counter count, Timer time, DistributionSummary responseBytes) {
  }

  /** One request in flight: active until both its request and its response have ended (or it was reset). */
  static final class Request {
    private final ByMethod meters;
    private final long startNanos;
    private String route;
    private boolean requestEnded;
    private boolean responseEnded;
    private boolean finished;

    private Request(ByMethod meters, long startNanos) {
      this.meters = meters;
      this.startNanos = startNanos;
    }

    private void finishIfDone() {
      if (requestEnded && responseEnded && !finished) {
        finished = true;
        meters.active.decrement();
      }
    }
  }
}

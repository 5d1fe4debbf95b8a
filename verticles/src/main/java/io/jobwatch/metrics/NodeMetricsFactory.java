package io.jobwatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.EnumSet;

/**
 * Vert.x's metrics of a node: vertx-micrometer's, into the node's registry, except that the HTTP
 * server's request meters are {@link HttpRequestMeters} (same series, found once per route; they
 * carry the route, method and status whatever the labels of {@link #options()} say).
 */
public final class NodeMetricsFactory implements VertxMetricsFactory {
  private final MeterRegistry registry;
  private final MicrometerMetricsFactory micrometer;

  public NodeMetricsFactory(MeterRegistry registry) {
    this.registry = registry;
    this.micrometer = new MicrometerMetricsFactory(registry);
  }

  /**
   * What Vert.x measures on a node: HTTP requests by route, method and status (with latency
   * histograms), WebSockets, the event bus, pools and the JVM.
   */
  public static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_ADDRESS, Label.EB_SIDE,
            Label.EB_FAILURE, Label.POOL_TYPE, Label.POOL_NAME, Label.NAMESPACE));
  }

  @Override
  public VertxMetrics metrics(VertxOptions options) {
    VertxMetrics base = micrometer.metrics(options);
    MicrometerMetricsOptions micrometerOptions = (MicrometerMetricsOptions) options.getMetricsOptions();
    return new Metrics(base, registry, micrometerOptions);
  }

  @Override
  public MetricsOptions newOptions() {
    return micrometer.newOptions();
  }

  @Override
  public MetricsOptions newOptions(MetricsOptions options) {
    return micrometer.newOptions(options);
  }

  @Override
  public MetricsOptions newOptions(JsonObject json) {
    return micrometer.newOptions(json);
  }

  /** vertx-micrometer's metrics, each asked in turn; only the HTTP server's are wrapped. */
  private static final class Metrics implements VertxMetrics {
    private final VertxMetrics base;
    private final MeterRegistry registry;
    private final MicrometerMetricsOptions options;

    Metrics(VertxMetrics base, MeterRegistry registry, MicrometerMetricsOptions options) {
      this.base = base;
      this.registry = registry;
      this.options = options;
    }

    @Override
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions serverOptions, SocketAddress local) {
      HttpServerMetrics<?, ?, ?> sockets = base.createHttpServerMetrics(serverOptions, local);
      return sockets == null ? null : new HttpRequestMeters(sockets, registry, options.getMetricsNaming());
    }

    @Override
    public EventBusMetrics<?> createEventBusMetrics() {
      return base.createEventBusMetrics();
    }

    @Override
    public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remote, String type, String namespace) {
      return base.createClientMetrics(remote, type, namespace);
    }

    @Override
    public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions clientOptions) {
      return base.createHttpClientMetrics(clientOptions);
    }

    @Override
    public TCPMetrics<?> createNetServerMetrics(NetServerOptions serverOptions, SocketAddress local) {
      return base.createNetServerMetrics(serverOptions, local);
    }

    @Override
    public TCPMetrics<?> createNetClientMetrics(NetClientOptions clientOptions) {
      return base.createNetClientMetrics(clientOptions);
    }

    @Override
    public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions socketOptions) {
      return base.createDatagramSocketMetrics(socketOptions);
    }

    @Override
    public PoolMetrics<?, ?> createPoolMetrics(String poolType, String poolName, int maxPoolSize) {
      return base.createPoolMetrics(poolType, poolName, maxPoolSize);
    }

    @Override
    public void vertxCreated(Vertx vertx) {
      base.vertxCreated(vertx);
    }

    @Override
    public boolean isMetricsEnabled() {
      return base.isMetricsEnabled();
    }

    @Override
    public void close() {
      base.close();
    }
  }
}

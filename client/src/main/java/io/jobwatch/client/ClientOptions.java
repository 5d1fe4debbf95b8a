package io.jobwatch.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Where a {@link JobwatchClient} connects and as whom: the nodes' base URLs (any of them serves
 * everything; the client moves to the next one when a node fails), and either a user name and
 * password (the client logs in, and again before the token expires) or a token.
 */
public final class ClientOptions {
  private final List<String> urls;
  private String user;
  private String password;
  private String token;
  private Duration requestTimeout = Duration.ofSeconds(30);
  private Duration maxBackoff = Duration.ofSeconds(5);
  private boolean workerChannel = true;
  private BiConsumer<String, Short> disconnected = (node, code) -> {
  };

  private ClientOptions(List<String> urls) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("at least one node URL");
    }
    for (String url : urls) {
      NodeUrl.parse(url);
    }
    this.urls = List.copyOf(urls);
  }

  /** The nodes to use, e.g. {@code http://10.0.0.5:8080}; the first that answers is used first. */
  public static ClientOptions nodes(List<String> urls) {
    return new ClientOptions(urls);
  }

  public static ClientOptions nodes(String... urls) {
    return new ClientOptions(List.of(urls));
  }

  /** Log in as this user (and again before each token expires). */
  public ClientOptions login(String user, String password) {
    this.user = Objects.requireNonNull(user);
    this.password = Objects.requireNonNull(password);
    return this;
  }

  /** Use this token (from an outside issuer, or minted); it is not renewed. */
  public ClientOptions token(String token) {
    this.token = Objects.requireNonNull(token);
    return this;
  }

  /** How long a request may take before it fails (default 30 s). */
  public ClientOptions requestTimeout(Duration timeout) {
    this.requestTimeout = timeout;
    return this;
  }

  /** The longest pause between two attempts to reach a node (default 5 s). */
  public ClientOptions maxBackoff(Duration backoff) {
    this.maxBackoff = backoff;
    return this;
  }

  /** Send requests over the WebSocket's worker channel (default) or over HTTP only. */
  public ClientOptions workerChannel(boolean on) {
    this.workerChannel = on;
    return this;
  }

  /**
   * Called (on the client's context) each time the socket to a node closes, before the client
   * moves to the next node: the node's URL and the close code ({@code 1001}: the node stops;
   * null: the connection broke without a close frame). For logs and metrics of failovers.
   */
  public ClientOptions onDisconnect(BiConsumer<String, Short> handler) {
    this.disconnected = Objects.requireNonNull(handler);
    return this;
  }

  List<String> urls() {
    return urls;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  String token() {
    return token;
  }

  Duration requestTimeout() {
    return requestTimeout;
  }

  Duration maxBackoff() {
    return maxBackoff;
  }

  boolean workerChannel() {
    return workerChannel;
  }

  BiConsumer<String, Short> disconnected() {
    return disconnected;
  }
}

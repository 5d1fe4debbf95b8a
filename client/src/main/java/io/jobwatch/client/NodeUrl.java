package io.jobwatch.client;

import java.net.URI;

/** A node's base URL, taken apart: {@code http[s]://host[:port]}. */
record NodeUrl(String text, boolean tls, String host, int port) {

  static NodeUrl parse(String url) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + url);
    }
    String scheme = uri.getScheme();
    if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalArgumentException("a node URL is http://host[:port] or https://host[:port]: " + url);
    }
    boolean tls = "https".equals(scheme);
    int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
    return new NodeUrl(url, tls, uri.getHost(), port);
  }
}

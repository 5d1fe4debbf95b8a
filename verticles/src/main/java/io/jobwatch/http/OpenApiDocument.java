package io.jobwatch.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 document of the HTTP API, packaged in the jar
 * ({@code openapi.json}); {@code OpenApiDocumentTest} fails when a route exists that it lacks, or
 * the reverse.
 */
final class OpenApiDocument {
  static final String RESOURCE = "openapi.json";
  private static final Buffer DOCUMENT = load();

  private OpenApiDocument() {
  }

  static Handler<RoutingContext> handler() {
    return ctx -> ctx.response().putHeader("content-type", "application/json").end(DOCUMENT);
  }

  private static Buffer load() {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

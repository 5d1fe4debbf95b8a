package io.jobwatch.http;

import io.jobwatch.cluster.HazelcastErrors;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.logging.Logger;

/** Writes answers: JSON bodies, and errors always as the contract's JSON, never a stack trace. */
final class Responses {
  private static final Logger LOG = Logger.getLogger(Responses.class.getName());
  // Encoded once: every answer carries these two headers.
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

  private Responses() {
  }

  static void json(RoutingContext ctx, int status, Buffer body) {
    json(ctx.response(), status, body);
  }

  /** The contract's error body on a response no router handles (requests refused before routing). */
  static void error(HttpServerResponse response, ApiError error) {
    json(response, error.status(), error.toJson().toBuffer());
  }

  private static void json(HttpServerResponse response, int status, Buffer body) {
    if (response.ended() || response.closed()) {
      return;
    }
    // Answers are per user: no browser or proxy keeps them (a page must not show a user's jobs to the next).
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE).end(body);
  }

  /** Answers {@code status} with the body once {@code answer} completes, or the error it failed with. */
  static void later(RoutingContext ctx, int status, Future<Buffer> answer) {
    answer.onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, status, ar.result());
      } else {
        error(ctx, ar.cause());
      }
    });
  }

  static void error(RoutingContext ctx, Throwable failure) {
    ApiError error;
    if (failure instanceof ApiError e) {
      error = e;
    } else {
      // A cluster that refuses (no majority, members moving) answers 503 and says why; anything else is logged.
      error = HazelcastErrors.toApiError(failure, LOG, " on " + ctx.request().method() + " " + ctx.request().path());
    }
    if (error.status() == 503 || error.status() == 429) {
      ctx.response().putHeader("retry-after", "1");
    }
    json(ctx, error.status(), error.toJson().toBuffer());
  }
}

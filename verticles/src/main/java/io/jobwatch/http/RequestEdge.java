package io.jobwatch.http;

import io.jobwatch.shared.protocol.ApiError;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * What is refused or set straight before a request is routed, so that even these answers are the
 * contract's JSON errors (PROTOCOL.md §2) and none of them writes a stack trace to the log.
 */
final class RequestEdge {
  private RequestEdge() {
  }

  /**
   * For requests the HTTP decoder could not read (a request line or headers over the limits):
   * 414 or 431 with a JSON body, then the connection is closed, as the decoder's state is lost.
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiError error;
    if (cause instanceof TooLongHttpLineException) {
      error = new ApiError(414, "too_large", "the request line (method, path and query) has at most "
          + HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH + " bytes");
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = new ApiError(431, "too_large", "the request headers have at most "
          + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE + " bytes in all");
    } else {
      error = ApiError.badRequest("not a well-formed HTTP request");
    }
    request.response().setStatusCode(error.status()).putHeader("content-type", "application/json")
        .putHeader("connection", "close").end(error.toJson().toBuffer())
        .onComplete(v -> request.connection().close());
  }

  /**
   * Routes the request unless its path has a malformed {@code %} escape ({@code /jobs/%zz}), which
   * the router would meet while matching and log as an unhandled exception: that is a 400.
   */
  static Handler<HttpServerRequest> requirePathEscapes(Handler<HttpServerRequest> router) {
    return request -> {
      if (hasMalformedEscape(request.path())) {
        Responses.error(request.response(), ApiError.badRequest("the path has a malformed % escape"));
      } else {
        router.handle(request);
      }
    };
  }

  /** True when a {@code %} is not followed by two hex digits. */
  static boolean hasMalformedEscape(String path) {
    for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
          || Character.digit(path.charAt(i + 2), 16) < 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * 400 for a query string that does not decode ({@code ?after=%g1}): Vert.x decodes it lazily,
   * and would fail later, anywhere, with an exception that is not the client's answer.
   */
  static void requireDecodableQuery(RoutingContext ctx) {
    try {
      ctx.request().params();
    } catch (IllegalArgumentException e) {
      Responses.error(ctx, HttpApiRequest.malformedQuery());
      return;
    }
    ctx.next();
  }

  /**
   * A body is JSON whatever its {@code Content-Type}: curl's {@code -d} says form-urlencoded, and
   * the body handler would decode such a body as a form (and fail on a {@code %}).
   */
  static void bodiesAreJson(RoutingContext ctx) {
    ctx.request().headers().remove(HttpHeaders.CONTENT_TYPE);
    ctx.next();
  }
}

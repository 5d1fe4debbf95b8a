package io.jobwatch.http;

import io.jobwatch.auth.Caller;
import io.jobwatch.auth.RateLimits;
import io.jobwatch.auth.TokenService;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Requires {@code Authorization: Bearer <jwt>} and puts the {@link Caller} into the context. */
final class AuthHandler implements Handler<RoutingContext> {
  private static final String CALLER = "jobwatch.caller";
  private final TokenService tokens;
  private final RateLimits limits;

  AuthHandler(TokenService tokens, RateLimits limits) {
    this.tokens = tokens;
    this.limits = limits;
  }

  static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Responses.error(ctx, ApiError.unauthenticated("Authorization: Bearer <token> is required"));
      return;
    }
    tokens.verify(header.substring(7).trim())
        .compose(caller -> limits.request(caller.name()).map(caller))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            ctx.put(CALLER, ar.result());
            ctx.next();
          } else {
            Responses.error(ctx, ar.cause());
          }
        });
  }
}

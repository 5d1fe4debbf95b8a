package io.jobwatch.http;

import io.jobwatch.auth.Caller;
import io.jobwatch.auth.ClientAddress;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** An API request that came over HTTP. */
final class HttpApiRequest implements ApiRequest {
  private final RoutingContext ctx;
  private final String clientAddressHeader;

  HttpApiRequest(RoutingContext ctx, String clientAddressHeader) {
    this.ctx = ctx;
    this.clientAddressHeader = clientAddressHeader;
  }

  @Override
  public String clientAddress() {
    return ClientAddress.of(ctx.request().remoteAddress(), ctx.request().headers(), clientAddressHeader);
  }

  @Override
  public Caller caller() {
    return AuthHandler.caller(ctx);
  }

  @Override
  public String param(String name) {
    String value = ctx.pathParam(name);
    if (value != null) {
      return value;
    }
    // The query string decodes: RequestEdge checked it before routing.
    return ctx.request().getParam(name);
  }

  static ApiError malformedQuery() {
    return ApiError.badRequest("the query string has a malformed % escape");
  }

  @Override
  public JsonObject body() {
    return Fields.body(ctx);
  }
}

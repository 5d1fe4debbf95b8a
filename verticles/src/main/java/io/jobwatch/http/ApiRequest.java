package io.jobwatch.http;

import io.jobwatch.auth.Caller;
import io.vertx.core.json.JsonObject;

/** One request to the API, whichever way it came: over HTTP, or as a {@code call} on the worker channel. */
interface ApiRequest {
  /** Who asks; null on the routes open to everyone ({@code /login}). */
  Caller caller();

  /** A path parameter, else a query parameter; null when absent. */
  String param(String name);

  /** The address the request comes from (see {@link io.jobwatch.auth.ClientAddress}). */
  String clientAddress();

  /** The body as a JSON object; 400 when it is not one. */
  JsonObject body();
}

package io.jobwatch.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * A real HTTP client of one node's {@code /api/v1}, optionally with a bearer token. The blocking
 * calls are for test code on the JUnit thread; the {@code *Async} ones for concurrent load.
 */
public final class Api {
  private final WebClient client;
  private final String token;
  private final boolean owner;

  /** A client of the node whose HTTP port this is. */
  public static Api to(Vertx vertx, int port) {
    return new Api(vertx, port);
  }

  Api(Vertx vertx, int port) {
    this(WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64)), null, true);
  }

  private Api(WebClient client, String token, boolean owner) {
    this.client = client;
    this.token = token;
    this.owner = owner;
  }

  /** The answer: status and body, the body also parsed when it is a JSON object. */
  public record Response(int status, Buffer body) {
    public JsonObject json() {
      return body == null || body.length() == 0 ? null : body.toJsonObject();
    }

    public JsonArray jsonArray(String field) {
      return json().getJsonArray(field);
    }

    public String error() {
      return json().getString("error");
    }

    @Override
    public String toString() {
      return status + " " + (body == null ? "" : body.toString());
    }
  }

  /** The same client with this token. */
  public Api withToken(String token) {
    return new Api(client, token, false);
  }

  /** The same client logged in as this user. */
  public Api as(String user, String password) {
    Response r = post("/login", new JsonObject().put("username", user).put("password", password));
    if (r.status() != 200) {
      throw new IllegalStateException("login of " + user + " failed: " + r);
    }
    return withToken(r.json().getString("token"));
  }

  public Api asAdmin() {
    return as("admin", TestCluster.ADMIN_PASSWORD);
  }

  public Response get(String path) {
    return getAsync(path).await();
  }

  public Response post(String path, JsonObject body) {
    return postAsync(path, body).await();
  }

  public Response postRaw(String path, Buffer body) {
    return send(HttpMethod.POST, path, body).await();
  }

  public Response put(String path, JsonObject body) {
    return send(HttpMethod.PUT, path, body.toBuffer()).await();
  }

  public Response delete(String path) {
    return send(HttpMethod.DELETE, path, null).await();
  }

  public Future<Response> getAsync(String path) {
    return send(HttpMethod.GET, path, null);
  }

  public Future<Response> postAsync(String path, JsonObject body) {
    return send(HttpMethod.POST, path, body.toBuffer());
  }

  /** Any method, any raw headers: for tests of what the server refuses. */
  public Future<Response> send(HttpMethod method, String path, Buffer body) {
    HttpRequest<Buffer> request = client.request(method, "/api/v1" + path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent = body == null ? request.send()
        : request.putHeader("content-type", "application/json").sendBuffer(body);
    return sent.map(r -> new Response(r.statusCode(), r.body()));
  }

  /** Creates a job and answers its JSON; fails the test unless 201. */
  public JsonObject createJob(JsonObject spec) {
    Response r = post("/jobs", spec);
    if (r.status() != 201) {
      throw new AssertionError("create failed: " + r);
    }
    return r.json();
  }

  public JsonObject createJob(String name) {
    return createJob(new JsonObject().put("name", name));
  }

  /** Creates {@code count} jobs named {@code name}, 64 requests at a time; fails the test unless each is 201. */
  public void createJobs(String name, int count) {
    JsonObject spec = new JsonObject().put("name", name);
    for (int done = 0; done < count; ) {
      java.util.List<Future<Response>> inFlight = new java.util.ArrayList<>();
      for (int k = 0; k < 64 && done < count; k++, done++) {
        inFlight.add(postAsync("/jobs", spec));
      }
      for (Future<Response> f : inFlight) {
        Response r = f.await();
        if (r.status() != 201) {
          throw new AssertionError("create failed: " + r);
        }
      }
    }
  }

  public Response event(String jobId, String event) {
    return post("/jobs/" + jobId + "/events", new JsonObject().put("name", event));
  }

  public JsonObject job(String jobId) {
    Response r = get("/jobs/" + jobId);
    if (r.status() != 200) {
      throw new AssertionError("get " + jobId + " failed: " + r);
    }
    return r.json();
  }

  public void close() {
    if (owner) {
      client.close();
    }
  }
}

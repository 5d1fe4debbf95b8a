package io.jobwatch.http;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.jobwatch.auth.RateLimits;
import io.jobwatch.auth.Revocations;
import io.jobwatch.auth.TokenService;
import io.jobwatch.gateway.QueueWindow;
import io.jobwatch.metrics.HubMetrics;
import io.jobwatch.node.ClusterConfigFactory;
import io.jobwatch.node.NodeConfig;
import io.jobwatch.node.NodeServices;
import io.jobwatch.node.Readiness;
import io.jobwatch.testing.FreePorts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verifies that {@code GET /api/v1/openapi.json} (served without a token, even before the node is
 * ready) describes exactly what the node serves: a route the document lacks fails this test, and
 * so does a documented operation no route answers; each operation's success status is the one the
 * route answers, every authenticated operation documents 401, and every reference resolves.
 */
class OpenApiDocumentTest {
  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static Vertx vertx;
  private static HazelcastInstance member;
  private static HttpApiVerticle verticle;
  private static JsonObject document;

  @BeforeAll
  static void node() {
    int port = FreePorts.next();
    NodeConfig config = NodeConfig.from(Map.of("JOBWATCH_HTTP_PORT", Integer.toString(port),
        "JOBWATCH_CLUSTER_NAME", "openapi-" + UUID.randomUUID(), "JOBWATCH_CLUSTER_PORT",
        Integer.toString(FreePorts.next())));
    member = Hazelcast.newHazelcastInstance(ClusterConfigFactory.create(config));
    vertx = Vertx.vertx();
    TokenService tokens = TokenService.create(vertx, config, "openapi-secret-0123456789-0123456789",
        new Revocations(vertx, member));
    NodeServices services = new NodeServices(config, member, tokens, null, null, null,
        new QueueWindow(vertx, member, 10), new Readiness(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        HubMetrics.NONE);
    verticle = new HttpApiVerticle(services, new HttpNodeState(new RateLimits(vertx, member, config, HubMetrics.NONE)));
    vertx.deployVerticle(verticle).await();
    HttpResponse<io.vertx.core.buffer.Buffer> answer = WebClient.create(vertx)
        .get(port, "127.0.0.1", "/api/v1/openapi.json").send().await();
    assertEquals(200, answer.statusCode(), "served without a token by a node that is not ready");
    assertEquals("application/json", answer.getHeader("content-type"));
    document = answer.bodyAsJsonObject();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    member.shutdown();
  }

  @Test
  void verifiesThatTheDocumentAndTheRoutesNameTheSameOperations() {
    assertEquals("3.1.0", document.getString("openapi"));
    assertEquals("/api/v1", document.getJsonArray("servers").getJsonObject(0).getString("url"));
    assertEquals(new TreeSet<>(verticle.operations()), documented(), "routes without a document entry, or the reverse");
  }

  @Test
  void verifiesThatEachOperationDocumentsTheStatusItsRouteAnswersAndItsErrors() {
    JsonObject paths = document.getJsonObject("paths");
    verticle.successStatuses().forEach((operation, status) -> {
      JsonObject responses = operation(paths, operation).getJsonObject("responses");
      assertNotNull(responses.getValue(Integer.toString(status)), operation + " answers " + status);
    });
    for (String operation : documented()) {
      JsonObject op = operation(paths, operation);
      boolean open = op.containsKey("security");
      if (!open) {
        assertNotNull(op.getJsonObject("responses").getValue("401"), operation + " documents 401");
        assertNotNull(op.getJsonObject("responses").getValue("503"), operation + " documents 503");
      }
      assertNotNull(op.getString("operationId"), operation);
    }
  }

  @Test
  void verifiesThatEveryReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(document, refs);
    assertTrue(refs.size() > 50, "the document uses references: " + refs.size());
    for (String ref : refs) {
      assertTrue(ref.startsWith("#/"), ref);
      assertNotNull(JsonPointer.from(ref.substring(1)).queryJson(document), ref + " resolves");
    }
  }

  private static TreeSet<String> documented() {
    TreeSet<String> out = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (HTTP_METHODS.contains(method)) {
          out.add(method.toUpperCase() + " " + path);
        }
      }
    }
    return out;
  }

  private static JsonObject operation(JsonObject paths, String operation) {
    String[] parts = operation.split(" ", 2);
    JsonObject path = paths.getJsonObject(parts[1]);
    assertNotNull(path, "documented: " + parts[1]);
    JsonObject op = path.getJsonObject(parts[0].toLowerCase());
    assertNotNull(op, "documented: " + operation);
    return op;
  }

  private static void collectRefs(Object node, List<String> out) {
    if (node instanceof JsonObject o) {
      o.forEach(e -> {
        if ("$ref".equals(e.getKey())) {
          out.add((String) e.getValue());
        } else {
          collectRefs(e.getValue(), out);
        }
      });
    } else if (node instanceof io.vertx.core.json.JsonArray a) {
      a.forEach(v -> collectRefs(v, out));
    }
  }
}

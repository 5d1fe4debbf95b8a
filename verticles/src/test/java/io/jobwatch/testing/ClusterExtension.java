package io.jobwatch.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the cluster a test class asks for with {@link JobwatchCluster}, creates its users, hands it
 * to whoever takes a {@link TestCluster}, and closes it after the class (through JUnit's store, so
 * also when a test or a setup fails).
 */
public final class ClusterExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ClusterExtension.class);
  private static final String CLUSTER = "cluster";

  @Override
  public void beforeAll(ExtensionContext context) {
    JobwatchCluster spec = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), JobwatchCluster.class)
        .orElseThrow(() -> new IllegalStateException("@JobwatchCluster is missing on " + context.getRequiredTestClass()));
    context.getStore(NAMESPACE).getOrComputeIfAbsent(CLUSTER, key -> new Started(start(spec)), Started.class);
  }

  private static TestCluster start(JobwatchCluster spec) {
    Map<String, String> env = new HashMap<>();
    for (String pair : spec.env()) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("env entries are NAME=value, not " + pair);
      }
      env.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    TestCluster cluster = TestCluster.start(spec.nodes(), env);
    try {
      if (spec.users().length > 0) {
        Api admin = cluster.api(0).asAdmin();
        for (String user : spec.users()) {
          createUser(admin, user);
        }
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private static void createUser(Api admin, String spec) {
    String[] parts = spec.split(":", 4);
    if (parts.length < 2) {
      throw new IllegalArgumentException("users are name:password:roles:perms, not " + spec);
    }
    JsonObject body = new JsonObject().put("name", parts[0]).put("password", parts[1])
        .put("roles", list(parts.length > 2 ? parts[2] : "")).put("perms", list(parts.length > 3 ? parts[3] : ""));
    Api.Response created = admin.post("/users", body);
    if (created.status() != 201) {
      throw new IllegalStateException("creating user " + parts[0] + " failed: " + created);
    }
  }

  private static JsonArray list(String commaSeparated) {
    JsonArray out = new JsonArray();
    Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
    return out;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Started started = context.getStore(NAMESPACE).get(CLUSTER, Started.class);
    if (started == null) {
      throw new ParameterResolutionException("no cluster: is the class annotated @JobwatchCluster?");
    }
    return started.cluster;
  }

  /** The cluster in JUnit's store, closed with the class's context. */
  private record Started(TestCluster cluster) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      cluster.close();
    }
  }
}

package io.jobwatch.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verifies that {@code k8s/jobwatch.yaml} is what Kubernetes would accept and what an operator
 * needs: every document parsed into fabric8's Kubernetes API model with no field left over (a
 * misspelt field name fails here, not silently in a cluster), and the settings that keep a
 * rolling restart and a node drain from losing data, and a pod inside Pod Security "restricted".
 */
class KubernetesManifestTest {
  private static final Path MANIFEST = Path.of("../k8s/jobwatch.yaml");
  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
      "ServiceAccount", ServiceAccount.class, "Service", Service.class, "Deployment", Deployment.class,
      "PodDisruptionBudget", PodDisruptionBudget.class);
  private static final List<HasMetadata> RESOURCES = new ArrayList<>();

  @BeforeAll
  static void parse() throws IOException {
    ObjectMapper json = JsonMapper.builder().build();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (JsonNode doc : yaml.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(MANIFEST)).readAll()) {
      if (doc == null || doc.isNull() || doc.isMissingNode()) {
        continue;
      }
      String kind = doc.path("kind").asText();
      Class<? extends HasMetadata> type = KINDS.get(kind);
      assertNotNull(type, "a kind this test knows: " + kind);
      HasMetadata resource = json.treeToValue(doc, type);
      List<String> leftOver = new ArrayList<>();
      unknownFields(resource, kind + " " + resource.getMetadata().getName(), leftOver, new IdentityHashMap<>());
      assertEquals(List.of(), leftOver, "fields the Kubernetes API does not have");
      assertEquals(doc.path("apiVersion").asText(), resource.getApiVersion());
      RESOURCES.add(resource);
    }
  }

  @Test
  void verifiesThatEveryFieldOfTheManifestIsOneTheKubernetesApiHas() throws IOException {
    List<String> leftOver = new ArrayList<>();
    String typo = Files.readString(MANIFEST).replace("readOnlyRootFilesystem", "readOnlyRootFileSystem");
    JsonNode deployment = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).<JsonNode>readValues(typo)
        .readAll().stream().filter(d -> d != null && "Deployment".equals(d.path("kind").asText())).findFirst()
        .orElseThrow();
    unknownFields(JsonMapper.builder().build().treeToValue(deployment, Deployment.class), "Deployment", leftOver,
        new IdentityHashMap<>());
    assertEquals(1, leftOver.size(), "the check finds a misspelt field: " + leftOver);
    assertEquals(Set.of("ServiceAccount", "Service", "Deployment", "PodDisruptionBudget"),
        RESOURCES.stream().map(HasMetadata::getKind).collect(Collectors.toSet()));
  }

  @Test
  void verifiesThatADrainOrRestartTakesOneMemberAtATime() {
    PodDisruptionBudget pdb = one(PodDisruptionBudget.class);
    assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
    Deployment deployment = one(Deployment.class);
    assertEquals(pdb.getSpec().getSelector().getMatchLabels(), deployment.getSpec().getSelector().getMatchLabels());
    assertEquals(0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertEquals("kubernetes.io/hostname", pod.getTopologySpreadConstraints().get(0).getTopologyKey());
    Container node = pod.getContainers().get(0);
    assertEquals("/api/v1/ready", node.getStartupProbe().getHttpGet().getPath(),
        "liveness waits until the node joined");
    assertEquals("/api/v1/ready", node.getReadinessProbe().getHttpGet().getPath());
    assertEquals("/api/v1/health", node.getLivenessProbe().getHttpGet().getPath());
    List<String> preStop = node.getLifecycle().getPreStop().getExec().getCommand();
    assertEquals("sleep", preStop.get(0));
    long pause = Long.parseLong(preStop.get(1));
    long stop = Long.parseLong(env(node).get("JOBWATCH_STOP_TIMEOUT"));
    assertTrue(pod.getTerminationGracePeriodSeconds() > pause + stop,
        "the grace period covers the pause and the node's own stop cap");
    long warmup = Long.parseLong(env(node).get("JOBWATCH_WARMUP_SECONDS"));
    long startupWindow = (long) node.getStartupProbe().getPeriodSeconds() * node.getStartupProbe().getFailureThreshold();
    assertTrue(startupWindow >= warmup + 60, "the startup probe waits out the warm start and a join");
    int minMembers = Integer.parseInt(env(node).get("JOBWATCH_MIN_MEMBERS"));
    int replicas = deployment.getSpec().getReplicas();
    assertTrue(minMembers > replicas / 2 && minMembers < replicas,
        "split-brain protection asks for a majority, and the cluster survives one pod down (PDB)");
  }

  @Test
  void verifiesThatThePodMeetsPodSecurityRestricted() {
    Deployment deployment = one(Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
    assertEquals(Boolean.FALSE, one(ServiceAccount.class).getAutomountServiceAccountToken());
    Container node = pod.getContainers().get(0);
    assertEquals(Boolean.FALSE, node.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(Boolean.TRUE, node.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals(List.of("ALL"), node.getSecurityContext().getCapabilities().getDrop());
    assertTrue(node.getVolumeMounts().stream().anyMatch(m -> "/tmp".equals(m.getMountPath())),
        "a writable /tmp on a read-only root");
    Map<String, Quantity> requests = node.getResources().getRequests();
    Map<String, Quantity> limits = node.getResources().getLimits();
    assertEquals(Quantity.getAmountInBytes(requests.get("memory")), Quantity.getAmountInBytes(limits.get("memory")),
        "memory request = limit");
    Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    assertEquals("/api/v1/metrics", annotations.get("prometheus.io/path"));
  }

  @Test
  void verifiesThatTheNodeReadsTheManifestsEnvironmentAsKubernetesDiscoveryInItsOwnNamespace() {
    Container node = one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = new HashMap<>(env(node));
    assertEquals("jobwatch-members.$(POD_NAMESPACE).svc.cluster.local", env.get("JOBWATCH_KUBERNETES_SERVICE_DNS"),
        "the namespace comes from the pod, never written into the manifest");
    Service members = RESOURCES.stream().filter(r -> r instanceof Service s && "None".equals(s.getSpec().getClusterIP()))
        .map(Service.class::cast).findFirst().orElseThrow();
    assertTrue(env.get("JOBWATCH_KUBERNETES_SERVICE_DNS").startsWith(members.getMetadata().getName() + "."));
    // What Kubernetes would hand the process, with values the variables take in namespace "team-a".
    env.replaceAll((k, v) -> v == null ? "x" : v.replace("$(POD_NAMESPACE)", "team-a").replace("$(POD_IP)", "10.0.0.7"));
    env.put("JOBWATCH_JWT_SECRET", "0123456789012345678901234567890123456789");
    NodeConfig config = NodeConfig.from(env);
    assertEquals(100, config.stopTimeoutSeconds());
    Config cluster = ClusterConfigFactory.create(config);
    JoinConfig join = cluster.getNetworkConfig().getJoin();
    assertTrue(join.getKubernetesConfig().isEnabled());
    assertEquals("jobwatch-members.team-a.svc.cluster.local", join.getKubernetesConfig().getProperty("service-dns"));
    assertFalse(join.getTcpIpConfig().isEnabled());
    assertEquals(5701, cluster.getNetworkConfig().getPort());
    assertEquals(List.of("10.0.0.7"), List.copyOf(cluster.getNetworkConfig().getInterfaces().getInterfaces()));
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar v : container.getEnv()) {
      env.put(v.getName(), v.getValue());
    }
    return env;
  }

  private static <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = RESOURCES.stream().filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), type.getSimpleName());
    return found.get(0);
  }

  /**
   * fabric8's model keeps fields it does not know in {@code additionalProperties} instead of
   * refusing them; walks the parsed objects and lists every such field with its path.
   */
  private static void unknownFields(Object value, String path, List<String> out, Map<Object, Boolean> seen) {
    if (value == null || seen.put(value, true) != null) {
      return;
    }
    if (value instanceof Collection<?> c) {
      int i = 0;
      for (Object o : c) {
        unknownFields(o, path + "[" + i++ + "]", out, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> unknownFields(v, path + "." + k, out, seen));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object field;
      try {
        field = getter.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> out.add(path + "." + k));
        }
      } else {
        unknownFields(field, path + "." + getter.getName().substring(3), out, seen);
      }
    }
  }
}

package org.unitrace.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads every manifest in {@code deploy/kubernetes} with the fabric8 Kubernetes model (a field the
 * model does not know, a typo such as {@code livenesProbe}, fails here rather than at {@code
 * kubectl apply}) and checks what a plant relies on: two or more mes-core replicas that roll
 * without a gap, probes on the actuator groups mes-core serves unauthenticated, resources on every
 * container, a disruption budget over the same pods, credentials only by reference to a Secret that
 * holds no value in the repository, and the image the build makes.
 */
class KubernetesManifestsTest {

  private static final Path DIR = Path.of("..", "deploy", "kubernetes");
  private static final Pattern CREDENTIAL = Pattern.compile("PASSWORD|USERNAME|SECRET|TOKEN|KEY");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Z_]+}");

  private final List<HasMetadata> resources = load();

  @Test
  void everyManifestParsesIntoKnownFieldsInTheUnitraceNamespace() {
    assertThat(kinds())
        .contains(
            "Namespace",
            "ConfigMap",
            "Secret",
            "Deployment",
            "Service",
            "PodDisruptionBudget",
            "EndpointSlice");
    for (HasMetadata r : resources) {
      assertThat(unknownFields(r, r.getKind() + " " + r.getMetadata().getName()))
          .as("fields the Kubernetes model does not know")
          .isEmpty();
      if (!(r instanceof Namespace)) {
        assertThat(r.getMetadata().getNamespace()).as(describe(r)).isEqualTo("unitrace");
      }
    }
  }

  @Test
  void mesCoreRunsTwoOrMoreReplicasAndRollsOnePodAtATime() {
    Deployment core = deployment("mes-core");
    assertThat(core.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
    assertThat(core.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();
    assertThat(core.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(core.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void probesAskTheActuatorGroupsThatNeedNoCredentials() throws IOException {
    Container core = container("mes-core");
    assertThat(path(core.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
    assertThat(path(core.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
    assertThat(path(core.getStartupProbe())).isEqualTo("/actuator/health/liveness");
    Set<String> ports = Set.copyOf(core.getPorts().stream().map(p -> p.getName()).toList());
    for (Probe p : List.of(core.getLivenessProbe(), core.getReadinessProbe())) {
      assertThat(ports).contains(p.getHttpGet().getPort().getStrVal());
    }
    // the groups exist on every platform, and the security configuration lets anyone ask them
    JsonNode config =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("src", "main", "resources", "application.yml").toFile());
    assertThat(config.at("/management/endpoint/health/probes/enabled").asBoolean()).isTrue();
    String security =
        Files.readString(
            Path.of("src/main/java/org/unitrace/core/security/SecurityConfiguration.java"));
    assertThat(security).contains("\"/actuator/health/**\"");
  }

  @Test
  void everyContainerHasCpuAndMemoryRequestsAndLimits() {
    List<Container> containers = allContainers();
    assertThat(containers).hasSizeGreaterThanOrEqualTo(2); // mes-core and the optional Grafana
    for (Container c : containers) {
      assertThat(c.getResources().getRequests()).as(c.getName()).containsKeys("cpu", "memory");
      assertThat(c.getResources().getLimits()).as(c.getName()).containsKeys("cpu", "memory");
    }
  }

  @Test
  void theDisruptionBudgetCoversMesCoresPodsAndLetsADrainProceed() {
    Deployment core = deployment("mes-core");
    PodDisruptionBudget pdb = only(PodDisruptionBudget.class, "mes-core");
    Map<String, String> podLabels = core.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getSpec().getMinAvailable().getIntVal())
        .isPositive()
        .isLessThan(core.getSpec().getReplicas());
    Service service = only(Service.class, "mes-core");
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
  }

  @Test
  void credentialsComeOnlyFromSecretReferencesAndNoSecretValueIsInTheRepository() {
    Secret template = only(Secret.class, "unitrace-mes-core");
    assertThat(template.getData()).isNullOrEmpty();
    assertThat(template.getStringData()).isNotEmpty();
    template
        .getStringData()
        .forEach((k, v) -> assertThat(v).as("value of " + k).matches(PLACEHOLDER));
    for (Secret s : ofKind(Secret.class)) {
      assertThat(s.getData()).as(describe(s)).isNullOrEmpty();
      if (s.getStringData() != null) {
        s.getStringData().values().forEach(v -> assertThat(v).matches(PLACEHOLDER));
      }
    }
    for (ConfigMap m : ofKind(ConfigMap.class)) {
      m.getData()
          .forEach(
              (k, v) -> {
                assertThat(CREDENTIAL.matcher(k).find()).as(k + " in a ConfigMap").isFalse();
                assertThat(v.toLowerCase()).as(k).doesNotContain("password=");
                assertThat(v).as(k).doesNotContainPattern("://[^/@\\s]+:[^/@\\s]+@");
              });
    }
    List<EnvVar> credentials = new ArrayList<>();
    for (Container c : allContainers()) {
      for (EnvVar e : c.getEnv()) {
        if (CREDENTIAL.matcher(e.getName()).find()) {
          assertThat(e.getValue()).as(e.getName() + " inline in " + c.getName()).isNull();
          assertThat(e.getValueFrom().getSecretKeyRef()).as(e.getName()).isNotNull();
          credentials.add(e);
        }
      }
    }
    for (EnvVar e : container("mes-core").getEnv()) {
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("unitrace-mes-core");
        assertThat(template.getStringData())
            .containsKey(e.getValueFrom().getSecretKeyRef().getKey());
      }
    }
    assertThat(credentials.stream().map(EnvVar::getName))
        .contains("UNITRACE_DB_PASSWORD", "UNITRACE_MQTT_PASSWORD", "UNITRACE_ADMIN_PASSWORD");
  }

  @Test
  void mesCoreRunsTheImageTheBuildMakesWithItsConfigMap() throws IOException {
    Container core = container("mes-core");
    assertThat(core.getImage()).isEqualTo("unitrace/mes-core:" + projectVersion());
    String configMap = core.getEnvFrom().get(0).getConfigMapRef().getName();
    assertThat(only(ConfigMap.class, configMap).getData())
        .containsKeys("UNITRACE_DB_URL", "UNITRACE_MQTT_URL", "UNITRACE_MQTT_SHARE_GROUP");
    assertThat(
            core.getEnv().stream()
                .filter(e -> e.getName().equals("UNITRACE_MQTT_CLIENT_ID"))
                .map(e -> e.getValueFrom().getFieldRef().getFieldPath()))
        .as("each replica its own MQTT client id")
        .containsExactly("metadata.name");
  }

  @Test
  void theDatabaseAndTheBrokerAreServicesOutsideTheCluster() {
    Service db = only(Service.class, "unitrace-postgres");
    assertThat(db.getSpec().getType()).isEqualTo("ExternalName");
    assertThat(db.getSpec().getSelector()).isNullOrEmpty();
    Service mqtt = only(Service.class, "unitrace-mqtt");
    assertThat(mqtt.getSpec().getSelector()).isNullOrEmpty();
    assertThat(
            ofKind(EndpointSlice.class).stream()
                .map(s -> s.getMetadata().getLabels().get("kubernetes.io/service-name")))
        .contains("unitrace-mqtt");
  }

  @Test
  void kustomizationListsTheCoreFilesButNeitherTheSecretTemplateNorGrafana() throws IOException {
    JsonNode k =
        new ObjectMapper(new YAMLFactory()).readTree(DIR.resolve("kustomization.yaml").toFile());
    List<String> listed = new ArrayList<>();
    k.get("resources").forEach(r -> listed.add(r.asText()));
    for (String f : listed) {
      assertThat(DIR.resolve(f)).exists();
    }
    assertThat(listed).contains("mes-core.yaml").doesNotContain("grafana.yaml");
    assertThat(listed).noneMatch(f -> f.contains("secret"));
  }

  // ---

  private static List<HasMetadata> load() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<HasMetadata> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        if (f.getFileName().toString().equals("kustomization.yaml")) {
          continue;
        }
        try (InputStream in = Files.newInputStream(f)) {
          Object parsed = serialization.unmarshal(in);
          if (parsed instanceof Collection<?> many) {
            many.forEach(r -> all.add((HasMetadata) r));
          } else {
            all.add((HasMetadata) parsed);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the manifests in " + DIR.toAbsolutePath(), e);
    }
    return all;
  }

  /** Paths of fields the model kept aside because it has no such field. */
  private static List<String> unknownFields(Object node, String path) {
    List<String> unknown = new ArrayList<>();
    if (node == null) {
      return unknown;
    }
    if (node instanceof Collection<?> c) {
      int i = 0;
      for (Object o : c) {
        unknown.addAll(unknownFields(o, path + "[" + i++ + "]"));
      }
      return unknown;
    }
    if (node instanceof Map<?, ?> m) {
      m.forEach((k, v) -> unknown.addAll(unknownFields(v, path + "." + k)));
      return unknown;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return unknown;
    }
    for (Method g : node.getClass().getMethods()) {
      if (g.getParameterCount() != 0 || !g.getName().startsWith("get")) {
        continue;
      }
      try {
        Object value = g.invoke(node);
        if (g.getName().equals("getAdditionalProperties")) {
          ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
        } else if (!g.getName().equals("getClass")) {
          unknown.addAll(unknownFields(value, path + "." + g.getName().substring(3)));
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(path + "." + g.getName(), e);
      }
    }
    return unknown;
  }

  private static String projectVersion() throws IOException {
    String pom = Files.readString(Path.of("..", "pom.xml"));
    Matcher m =
        Pattern.compile("<artifactId>unitrace-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(m.find()).as("the project's version in the root pom.xml").isTrue();
    return m.group(1);
  }

  private static String path(Probe probe) {
    return probe.getHttpGet().getPath();
  }

  private List<String> kinds() {
    return resources.stream().map(HasMetadata::getKind).toList();
  }

  private <T extends HasMetadata> List<T> ofKind(Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private <T extends HasMetadata> T only(Class<T> type, String name) {
    List<T> named =
        ofKind(type).stream().filter(r -> r.getMetadata().getName().equals(name)).toList();
    assertThat(named).as(type.getSimpleName() + " " + name).hasSize(1);
    return named.get(0);
  }

  private Deployment deployment(String name) {
    return only(Deployment.class, name);
  }

  private Container container(String deployment) {
    return deployment(deployment).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private List<Container> allContainers() {
    return ofKind(Deployment.class).stream()
        .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
        .toList();
  }

  private static String describe(HasMetadata r) {
    return r.getKind() + " " + r.getMetadata().getName();
  }
}

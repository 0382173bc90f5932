package io.vioemu.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dev overlay rehearsed without a Kubernetes server: three node "pods", each a network
 * namespace of its own on a bridge (loopback addresses where namespaces cannot be made), run the
 * jar with the arguments and environment the StatefulSet gives them; fabric8's mock Kubernetes API
 * (CRUD mode, behind HTTPS) lists them as pods, so Cluster Bootstrap forms the cluster exactly as
 * in a cluster; their readiness and liveness probes are asked; the Job's runner, in a pod of its
 * own, runs the experiment of the Job's ConfigMap across them, and its metrics.json is
 * byte-identical to a one-JVM run; killing a node pod's process fails a run within seconds, naming
 * the pod.
 *
 * <p>Security: every pod "mounts" the TLS Secret (a directory made once by config/tls/make-certs.sh
 * stands for the Secret vioemu-tls at the manifests' mount path), so Artery runs over TLS as in the
 * cluster. During the Job's run a fourth node pod without the Secret tries to join and is refused,
 * and a stranger sends random, wrong-run and forged datagrams to a node pod's Aeron port:
 * metrics.json stays byte-identical and run.json counts them in {@code rejectedDatagrams}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesRehearsalIT {
  private static final String NAMESPACE = "vioemu-rehearsal";
  private static final int NODES = 3;
  private static final Duration FORM = Duration.ofSeconds(60);
  private static final Duration RUN = Duration.ofSeconds(90);
  private static final String TLS_SECRET = "vioemu-tls";

  private static PodNetwork network;
  private static KubernetesMockServer api;
  private static TlsRelay https;
  private static Path dir;
  private static K8sManifests dev;

  /** Where the pods mount the TLS Secret, and the directory that stands for it here. */
  private static String tlsMount;

  private static Path tls;
  private static final List<Cli> nodes = new ArrayList<>();

  @BeforeAll
  static void startPods() throws Exception {
    String why = K8sManifests.cannotRender();
    if (why != null) {
      System.out.println("KubernetesRehearsalIT: " + why);
    }
    Assumptions.assumeTrue(why == null, why);
    dir = Files.createTempDirectory(Path.of("target"), "k8s-rehearsal-").toAbsolutePath();
    tls = dir.resolve("tls");
    Process certs = TlsIT.makeCerts(tls); // the longest step here: it runs while the rest starts
    dev = K8sManifests.render("dev");
    network = PodNetwork.create(NODES + 3);
    if (network.fallbackReason() != null) {
      System.out.println(
          "KubernetesRehearsalIT: pods on loopback addresses instead of network namespaces: "
              + network.fallbackReason());
    }
    api =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new JsonCrudDispatcher(), false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    https = TlsRelay.start(dir, network.hostIp(), api.getPort());
    Files.writeString(dir.resolve("token"), "rehearsal-token");
    StatefulSet set = dev.get(StatefulSet.class, "vioemu-node");
    assertEquals(NODES, set.getSpec().getReplicas(), "the dev overlay's node pods");
    tlsMount = secretMount(set.getSpec().getTemplate());
    assertEquals(
        tlsMount,
        secretMount(dev.get(Job.class, "vioemu-run").getSpec().getTemplate()),
        "the Job mounts the TLS Secret where the node pods do");
    assertEquals(0, TlsIT.awaitExit(certs), "make-certs.sh");
    // The JVMs start while the API is filled (a pod's first look may find no pods: it looks again).
    Container node = K8sManifests.container(set.getSpec().getTemplate());
    for (int i = 0; i < NODES; i++) {
      Map<String, String> env = podEnv(node, "vioemu-node-" + i, i);
      nodes.add(
          Cli.startIn(network.prefix(i), env, jvmFlags(i), expand(node.getArgs(), env, Map.of())));
    }
    try (KubernetesClient client = api.createClient()) {
      for (int i = 0; i < NODES; i++) {
        listPod(client, set.getSpec().getTemplate(), "vioemu-node-" + i, network.podIp(i));
      }
      Job job = dev.get(Job.class, "vioemu-run");
      listPod(client, job.getSpec().getTemplate(), "vioemu-run-abcde", network.podIp(NODES));
    }
  }

  @AfterAll
  static void removePods() throws Exception {
    nodes.forEach(Cli::kill);
    if (https != null) {
      https.close();
    }
    if (api != null) {
      api.destroy();
    }
    if (network != null) {
      network.close();
    }
  }

  @Test
  @Order(1)
  void shouldAnswerProbesOnceTheNodePodsFormedTheirCluster() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + FORM.toNanos();
    for (int i = 0; i < NODES; i++) {
      String base = "http://" + network.podIp(i) + ":8558";
      int ready = 0;
      while (ready != 200 && System.nanoTime() < deadline) {
        ready = status(http, base + "/ready");
        if (ready != 200) {
          assertTrue(nodes.get(i).process().isAlive(), "pod " + i + ": " + logs());
          Thread.sleep(250);
        }
      }
      assertEquals(200, ready, "vioemu-node-" + i + " never became ready: " + logs());
      assertEquals(200, status(http, base + "/alive"), "vioemu-node-" + i + " alive");
    }
  }

  @Test
  @Order(2)
  void shouldWriteTheSameMetricsAsOneJvmWhenTheJobRunsOnThePods() throws Exception {
    Path experiment = dir.resolve("experiment.yaml");
    Job job = dev.get(Job.class, "vioemu-run");
    String configMap =
        job.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getConfigMap() != null)
            .findFirst()
            .orElseThrow()
            .getConfigMap()
            .getName();
    Files.writeString(
        experiment, dev.get(ConfigMap.class, configMap).getData().get("experiment.yaml"));
    Path results = dir.resolve("results");
    Cli stranger = startStranger(NODES + 2);
    Cli runner = runJob(NODES, experiment, results, List.of());
    Cli local = Cli.start("run", experiment.toString(), "--out", dir.resolve("local").toString());
    Cli.Result r;
    Cli.Result refused;
    int forged;
    try {
      assertNotNull(runner.awaitStderr("started on 4 JVMs", RUN), "run never started: " + logs());
      long seed = System.nanoTime();
      System.out.println("KubernetesRehearsalIT attack seed=" + seed);
      forged =
          FabricAttack.attack(
              nodes.get(0), runner, network.podIp(0), aeronPort(), new Random(seed), RUN);
      r = runner.await(RUN);
      refused = stranger.await(RUN);
      Cli.Result alone = local.await(RUN);
      assertEquals(0, alone.exitCode(), alone.stderr());
    } finally {
      runner.kill();
      stranger.kill();
      local.kill();
    }
    assertEquals(0, r.exitCode(), "the Job's runner failed: " + r.stderr() + "\n" + logs());
    assertEquals(
        1, refused.exitCode(), "a node without the TLS Secret joined: " + refused.stderr());
    assertTrue(
        refused.stderr().contains("cannot join cluster: Cluster Bootstrap found no cluster"),
        "the stranger: " + refused.stderr());
    assertTrue(r.stderr().contains("started on 4 JVMs"), r.stderr());
    String last = r.stdout().lines().reduce((a, b) -> b).orElse("");
    assertEquals("report: " + results.resolve("report.html"), last, "the Job log's last line");

    assertArrayEquals(
        Files.readAllBytes(dir.resolve("local/metrics.json")),
        Files.readAllBytes(results.resolve("metrics.json")),
        "metrics.json on 3 node pods and a runner vs one JVM");
    JsonNode run = new ObjectMapper().readTree(results.resolve("run.json").toFile());
    assertEquals(4, run.path("jvms").asInt(), "the runner and the 3 node pods, not the stranger");
    JsonNode rejected = run.path("rejectedDatagrams");
    System.out.println("run.json rejectedDatagrams: " + rejected + ", forged sent: " + forged);
    for (String kind : List.of("malformed", "wrongRun", "notAeron")) {
      assertTrue(rejected.path(kind).asLong() >= 1, kind + ": " + rejected);
    }
    if (forged >= 5) {
      assertTrue(rejected.path("badMac").asLong() >= 1, forged + " forged: " + rejected);
    }
  }

  /**
   * A fourth node pod without the TLS Secret (no VIOEMU_TLS_DIR, no --tls) in pod {@code pod}: it
   * finds the node pods through the API like any other and tries to join them in plain TCP.
   */
  private static Cli startStranger(int pod) {
    Container node =
        K8sManifests.container(dev.get(StatefulSet.class, "vioemu-node").getSpec().getTemplate());
    Map<String, String> env = podEnv(node, "vioemu-node-" + NODES, pod);
    env.remove("VIOEMU_TLS_DIR");
    List<String> args = expand(node.getArgs(), env, Map.of());
    assertFalse(args.contains("--tls"), "the stranger has no certificate: " + args);
    args.set(args.indexOf("--join-timeout-s") + 1, "8");
    return Cli.startIn(network.prefix(pod), env, jvmFlags(pod), args);
  }

  private static int aeronPort() {
    Container node =
        K8sManifests.container(dev.get(StatefulSet.class, "vioemu-node").getSpec().getTemplate());
    return Integer.parseInt(K8sManifests.arg(node, "--aeron-port"));
  }

  /** The mount path of the TLS Secret in a pod template's container. */
  private static String secretMount(PodTemplateSpec template) {
    String volume =
        template.getSpec().getVolumes().stream()
            .filter(v -> v.getSecret() != null && TLS_SECRET.equals(v.getSecret().getSecretName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no volume of the Secret " + TLS_SECRET))
            .getName();
    return K8sManifests.container(template).getVolumeMounts().stream()
        .filter(m -> m.getName().equals(volume))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the Secret " + TLS_SECRET + " is not mounted"))
        .getMountPath();
  }

  /** A value with the Secret's mount path replaced by the directory that stands for it. */
  private static String mounted(String value) {
    return value.startsWith(tlsMount) ? tls + value.substring(tlsMount.length()) : value;
  }

  @Test
  @Order(3)
  void shouldExitWithUsageErrorAtOnceWhenTheJobsExperimentIsInvalid() throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(
        broken, Files.readString(dir.resolve("experiment.yaml")).replace("seed: 1", "sed: 1"));
    Cli.Result r = runJob(NODES + 2, broken, dir.resolve("results-broken"), List.of()).await(RUN);
    assertEquals(2, r.exitCode(), "exit 2, which the Job's podFailurePolicy does not retry");
    assertTrue(r.stderr().contains(broken + ":"), "file:line:col: " + r.stderr());
    assertTrue(r.stderr().contains("did you mean 'seed'"), r.stderr());
    assertTrue(r.elapsed().toSeconds() < 20, "at once, before joining: " + r.elapsed());
  }

  @Test
  @Order(4)
  void shouldSayHowManyNodesJoinedWhenTheRunnerFindsTooFew() throws Exception {
    Path experiment = dir.resolve("experiment.yaml");
    Cli.Result r =
        runJob(
                NODES + 2,
                experiment,
                dir.resolve("results-too-few"),
                List.of("--jvms", "5"),
                List.of("-Dvioemu.runtime.nodes-join-timeout=3s"))
            .await(RUN);
    assertEquals(1, r.exitCode(), r.stderr());
    assertTrue(
        r.stderr().contains("only 4 of 5 nodes joined within 3 s"), "how many: " + r.stderr());
  }

  @Test
  @Order(5)
  void shouldFailTheRunWithinSecondsNamingThePodWhenAPodIsKilled() throws Exception {
    Path experiment = dir.resolve("experiment.yaml");
    Path results = dir.resolve("results-killed");
    Cli runner = runJob(NODES + 1, experiment, results, List.of("--set", "endUs=1_000_000"));
    try {
      assertNotNull(runner.awaitStderr("started on 4 JVMs", RUN), "run never started: " + logs());
      long killedAt = System.nanoTime();
      nodes.get(1).kill();
      Cli.Result r = runner.await(RUN);
      Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
      assertEquals(1, r.exitCode(), r.stderr());
      String error =
          r.stderr().lines().filter(l -> l.startsWith("vioemu: error:")).findFirst().orElse("");
      assertTrue(error.contains("pod vioemu-node-1"), "names the pod: " + r.stderr());
      assertTrue(took.toSeconds() < 15, "failed " + took + " after the kill");
      assertFalse(Files.exists(results.resolve("metrics.json")), "nothing written");
    } finally {
      runner.kill();
    }
  }

  /**
   * The Job's runner in pod {@code pod}, with its manifest's arguments and environment; {@code
   * extra} are flag-value pairs added ({@code --jvms} replaces the manifest's).
   */
  private static Cli runJob(int pod, Path experiment, Path results, List<String> extra) {
    return runJob(pod, experiment, results, extra, List.of());
  }

  private static Cli runJob(
      int pod, Path experiment, Path results, List<String> extra, List<String> flags) {
    Job job = dev.get(Job.class, "vioemu-run");
    Container runner = K8sManifests.container(job.getSpec().getTemplate());
    Map<String, String> env = podEnv(runner, "vioemu-run-" + pod, pod);
    env.put("RESULTS_DIR", results.toString());
    List<String> args = expand(runner.getArgs(), env, Map.of(1, experiment.toString()));
    for (int i = 0; i + 1 < extra.size(); i += 2) {
      int at = args.indexOf(extra.get(i));
      if (at >= 0 && extra.get(i).startsWith("--jvms")) {
        args.set(at + 1, extra.get(i + 1));
      } else {
        args.addAll(extra.subList(i, i + 2));
      }
    }
    List<String> jvm = new ArrayList<>(jvmFlags(pod));
    jvm.addAll(flags);
    return Cli.startIn(network.prefix(pod), env, jvm, args);
  }

  /**
   * What Kubernetes gives a pod's container: its literal environment, the fields it asks for
   * (status.podIP, metadata.name) and the API server's address.
   */
  private static Map<String, String> podEnv(Container c, String name, int pod) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : c.getEnv()) {
      if (e.getValue() != null) {
        env.put(e.getName(), mounted(e.getValue()));
      } else {
        String field = e.getValueFrom().getFieldRef().getFieldPath();
        env.put(e.getName(), field.equals("status.podIP") ? network.podIp(pod) : name);
      }
    }
    env.put("KUBERNETES_SERVICE_HOST", network.hostIp());
    env.put("KUBERNETES_SERVICE_PORT", Integer.toString(https.port()));
    return env;
  }

  /** The container's arguments with {@code $(VAR)} expanded, some replaced by index. */
  private static List<String> expand(
      List<String> args, Map<String, String> env, Map<Integer, String> replaced) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      out.add(replaced.getOrDefault(i, mounted(K8sManifests.expand(args.get(i), env))));
    }
    return out;
  }

  /**
   * The service account's files (CA, token, namespace) where a pod has them mounted, here in the
   * test's directory; a small heap; and a quicker bootstrap than a cluster needs (the pods here
   * start within a second of each other).
   */
  private static List<String> jvmFlags(int pod) {
    String k8s = "-Dpekko.discovery.kubernetes-api.";
    String discovery = "-Dpekko.management.cluster.bootstrap.contact-point-discovery.";
    List<String> flags =
        new ArrayList<>(
            List.of(
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmp(pod),
                k8s + "api-ca-path=" + dir.resolve("ca.crt"),
                k8s + "api-token-path=" + dir.resolve("token"),
                k8s + "pod-namespace=" + NAMESPACE,
                discovery + "stable-margin=1s",
                discovery + "interval=500ms",
                "-Dpekko.management.cluster.bootstrap.contact-point.probe-interval=500ms"));
    if (!network.namespaces()) {
      // Pods that share one network namespace cannot all listen on 0.0.0.0:8558.
      flags.add("-Dpekko.management.http.bind-hostname=" + network.podIp(pod));
    }
    return flags;
  }

  private static String tmp(int pod) {
    Path t = dir.resolve("tmp-" + pod);
    try {
      Files.createDirectories(t);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return t.toString();
  }

  /** Lists a pod in the mock API as the kubelet reports a running one. */
  private static void listPod(
      KubernetesClient client, PodTemplateSpec template, String name, String ip) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NAMESPACE)
            .withLabels(template.getMetadata().getLabels())
            .endMetadata()
            .withSpec(template.getSpec())
            .build();
    Pod created = client.pods().inNamespace(NAMESPACE).resource(pod).create();
    created.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip).build());
    client.pods().inNamespace(NAMESPACE).resource(created).updateStatus();
    Pod listed = client.pods().inNamespace(NAMESPACE).withName(name).get();
    assertEquals(ip, listed.getStatus().getPodIP(), "the mock API lists " + name);
  }

  private static int status(HttpClient http, String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * The mock's CRUD store, answering with the content type the API server gives ({@code
   * application/json}; the mock leaves it out, and the discovery refuses a body without it).
   */
  private static final class JsonCrudDispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      return super.dispatch(request).setHeader("Content-Type", "application/json");
    }
  }

  private static String logs() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      sb.append("\n--- vioemu-node-").append(i).append(" stderr:\n");
      sb.append(nodes.get(i).stderrSoFar());
    }
    return sb.toString();
  }
}

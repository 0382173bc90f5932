package io.vioemu.cli;

import static io.vioemu.cli.K8sManifests.arg;
import static io.vioemu.cli.K8sManifests.container;
import static io.vioemu.cli.K8sManifests.env;
import static io.vioemu.cli.K8sManifests.pairs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every overlay of k8s/ renders with {@code kubectl kustomize}, every object is valid for the
 * Kubernetes model (fabric8, unknown fields fail), and the settings the deployment relies on are
 * there: non-root read-only pods under seccomp, probes on Pekko Management, RBAC that only reads
 * pods, a NetworkPolicy that admits this release's pods on exactly the vioemu ports, Artery over
 * TLS from a read-only Secret in both workloads, a Job that does not retry bad input, and sizes
 * that agree with each other.
 */
class K8sManifestsTest {
  private static final Set<String> PORTS = Set.of("25520/TCP", "40123/UDP", "8558/TCP");
  private static final String TLS_DIR = "/etc/vioemu/tls";

  @ParameterizedTest
  @ValueSource(strings = {"dev", "scale"})
  void shouldRenderValidObjectsWithTheirSecuritySettingsWhenOverlayIsBuilt(String overlay)
      throws Exception {
    String why = K8sManifests.cannotRender();
    if (why != null) {
      System.out.println("K8sManifestsTest: " + why);
    }
    Assumptions.assumeTrue(why == null, why);
    K8sManifests m = K8sManifests.render(overlay);
    StatefulSet nodes = m.get(StatefulSet.class, "vioemu-node");
    Job job = m.get(Job.class, "vioemu-run");
    checkPod(overlay + " StatefulSet", nodes.getSpec().getTemplate());
    checkPod(overlay + " Job", job.getSpec().getTemplate());
    checkTls(overlay + " StatefulSet", nodes.getSpec().getTemplate());
    checkTls(overlay + " Job", job.getSpec().getTemplate());
    checkProbes(container(nodes.getSpec().getTemplate()));
    checkService(m.get(Service.class, "vioemu-node"), nodes);
    checkRbac(m);
    checkNetworkPolicy(m.get(NetworkPolicy.class, "vioemu"), nodes, job);
    checkJob(m, job, nodes);
    PodDisruptionBudget pdb = m.get(PodDisruptionBudget.class, "vioemu-node");
    assertEquals(
        nodes.getSpec().getSelector().getMatchLabels(),
        pdb.getSpec().getSelector().getMatchLabels());
    if (overlay.equals("scale")) {
      checkScale(nodes, job);
    }
  }

  private static void checkPod(String what, PodTemplateSpec template) {
    PodSpec pod = template.getSpec();
    assertEquals("vioemu", pod.getServiceAccountName(), what);
    assertTrue(pod.getSecurityContext().getRunAsNonRoot(), what + ": runAsNonRoot");
    assertTrue(pod.getSecurityContext().getRunAsUser() > 0, what + ": runAsUser");
    assertEquals(
        "RuntimeDefault",
        pod.getSecurityContext().getSeccompProfile().getType(),
        what + " seccomp");
    for (Container c : pod.getContainers()) {
      var sc = c.getSecurityContext();
      assertFalse(sc.getAllowPrivilegeEscalation(), what + ": allowPrivilegeEscalation");
      assertTrue(sc.getReadOnlyRootFilesystem(), what + ": readOnlyRootFilesystem");
      assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), what + ": capabilities");
      assertTrue(
          sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(), what);
      assertNotNull(c.getResources().getLimits().get("cpu"), what + ": cpu limit");
      assertNotNull(c.getResources().getLimits().get("memory"), what + ": memory limit");
      VolumeMount tmp =
          c.getVolumeMounts().stream()
              .filter(v -> v.getMountPath().equals("/tmp"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(what + ": no writable /tmp"));
      Volume v = volume(pod, tmp.getName());
      assertNotNull(v.getEmptyDir(), what + ": /tmp is an emptyDir (Aeron's directory is there)");
      assertEquals(PORTS, ports(c), what + ": container ports");
    }
  }

  /**
   * Artery over TLS: the Secret vioemu-tls mounted read-only at the directory VIOEMU_TLS_DIR (or
   * --tls) names, its files readable by the owner only, and required (a pod without it does not
   * start rather than join in plain TCP).
   */
  private static void checkTls(String what, PodTemplateSpec template) {
    Container c = container(template);
    String dir = c.getArgs().contains("--tls") ? arg(c, "--tls") : env(c, "VIOEMU_TLS_DIR");
    assertEquals(TLS_DIR, dir, what + ": VIOEMU_TLS_DIR or --tls");
    VolumeMount mount =
        c.getVolumeMounts().stream()
            .filter(v -> v.getMountPath().equals(TLS_DIR))
            .findFirst()
            .orElseThrow(() -> new AssertionError(what + ": nothing mounted at " + TLS_DIR));
    assertEquals(Boolean.TRUE, mount.getReadOnly(), what + ": the TLS mount is read-only");
    var secret = volume(template.getSpec(), mount.getName()).getSecret();
    assertNotNull(secret, what + ": " + TLS_DIR + " is a Secret");
    assertEquals("vioemu-tls", secret.getSecretName(), what);
    assertEquals(0400, secret.getDefaultMode(), what + ": defaultMode 0400");
    assertTrue(secret.getOptional() == null || !secret.getOptional(), what + ": not optional");
  }

  private static void checkProbes(Container c) {
    assertEquals("/ready", c.getReadinessProbe().getHttpGet().getPath());
    assertEquals("management", c.getReadinessProbe().getHttpGet().getPort().getStrVal());
    assertEquals("/alive", c.getLivenessProbe().getHttpGet().getPath());
    assertEquals("management", c.getLivenessProbe().getHttpGet().getPort().getStrVal());
    assertEquals("kubernetes", arg(c, "--bootstrap"));
    assertEquals("node", c.getArgs().get(0));
  }

  private static void checkService(Service s, StatefulSet nodes) {
    assertEquals("None", s.getSpec().getClusterIP(), "headless");
    assertEquals(s.getMetadata().getName(), nodes.getSpec().getServiceName());
    assertEquals(nodes.getSpec().getSelector().getMatchLabels(), s.getSpec().getSelector());
    Set<String> ports = new TreeSet<>();
    for (ServicePort p : s.getSpec().getPorts()) {
      ports.add(p.getPort() + "/" + p.getProtocol());
    }
    assertEquals(new TreeSet<>(PORTS), ports);
  }

  private static void checkRbac(K8sManifests m) {
    m.get(ServiceAccount.class, "vioemu");
    Role role = m.get(Role.class, "vioemu-pod-reader");
    assertEquals(1, role.getRules().size(), "one rule: " + role.getRules());
    PolicyRule rule = role.getRules().get(0);
    assertEquals(List.of(""), rule.getApiGroups());
    assertEquals(List.of("pods"), rule.getResources());
    assertEquals(Set.of("get", "list", "watch"), Set.copyOf(rule.getVerbs()));
    assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty());
    RoleBinding binding = m.get(RoleBinding.class, "vioemu-pod-reader");
    assertEquals("Role", binding.getRoleRef().getKind());
    assertEquals("vioemu-pod-reader", binding.getRoleRef().getName());
    assertEquals(1, binding.getSubjects().size());
    assertEquals("ServiceAccount", binding.getSubjects().get(0).getKind());
    assertEquals("vioemu", binding.getSubjects().get(0).getName());
    assertEquals(
        1, m.all(Role.class).size() + m.all(RoleBinding.class).size() - 1, "no other RBAC");
  }

  private static void checkNetworkPolicy(NetworkPolicy np, StatefulSet nodes, Job job) {
    Set<String> selected = pairs(np.getSpec().getPodSelector().getMatchLabels());
    assertTrue(
        pairs(nodes.getSpec().getTemplate().getMetadata().getLabels()).containsAll(selected),
        "the policy selects the node pods");
    assertTrue(
        pairs(job.getSpec().getTemplate().getMetadata().getLabels()).containsAll(selected),
        "the policy selects the runner pod");
    assertEquals(List.of("Ingress"), np.getSpec().getPolicyTypes());
    assertEquals(1, np.getSpec().getIngress().size(), "one ingress rule");
    var rule = np.getSpec().getIngress().get(0);
    assertEquals(1, rule.getFrom().size());
    var from = rule.getFrom().get(0);
    assertEquals(null, from.getNamespaceSelector(), "this namespace only");
    assertEquals(null, from.getIpBlock(), "no address range");
    assertEquals(selected, pairs(from.getPodSelector().getMatchLabels()), "this release's pods");
    Set<String> ports = new TreeSet<>();
    for (NetworkPolicyPort p : rule.getPorts()) {
      ports.add(p.getPort().getIntVal() + "/" + p.getProtocol());
    }
    assertEquals(new TreeSet<>(PORTS), ports);
  }

  private static void checkJob(K8sManifests m, Job job, StatefulSet nodes) {
    Container runner = container(job.getSpec().getTemplate());
    assertEquals("run", runner.getArgs().get(0));
    assertEquals("kubernetes", arg(runner, "--bootstrap"));
    assertEquals(
        nodes.getSpec().getReplicas() + 1,
        Integer.parseInt(arg(runner, "--jvms")),
        "--jvms is the node pods and the runner");
    assertEquals(
        String.valueOf(nodes.getSpec().getReplicas()),
        env(container(nodes.getSpec().getTemplate()), "VIOEMU_REQUIRED_CONTACT_POINTS"));
    assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
    assertNotNull(job.getSpec().getBackoffLimit(), "backoffLimit");
    PodFailurePolicyRule noRetry =
        job.getSpec().getPodFailurePolicy().getRules().stream()
            .filter(r -> r.getAction().equals("FailJob") && r.getOnExitCodes() != null)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no podFailurePolicy rule for exit code 2"));
    assertEquals(runner.getName(), noRetry.getOnExitCodes().getContainerName());
    assertEquals("In", noRetry.getOnExitCodes().getOperator());
    assertEquals(List.of(2), noRetry.getOnExitCodes().getValues());
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    String configMap = volume(pod, "experiment").getConfigMap().getName();
    assertTrue(
        m.get(ConfigMap.class, configMap).getData().containsKey("experiment.yaml"),
        "the experiment's ConfigMap");
    assertTrue(
        runner.getArgs().get(1).endsWith("/experiment.yaml"), "the Job runs the ConfigMap's file");
    String claim = volume(pod, "results").getPersistentVolumeClaim().getClaimName();
    m.get(PersistentVolumeClaim.class, claim);
  }

  private static void checkScale(StatefulSet nodes, Job job) {
    Container node = container(nodes.getSpec().getTemplate());
    var anti = nodes.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity();
    var term = anti.getRequiredDuringSchedulingIgnoredDuringExecution().get(0);
    assertEquals("kubernetes.io/hostname", term.getTopologyKey());
    assertTrue(
        pairs(nodes.getSpec().getTemplate().getMetadata().getLabels())
            .containsAll(pairs(term.getLabelSelector().getMatchLabels())),
        "node pods keep apart from each other");
    String cores = node.getResources().getLimits().get("cpu").toString();
    assertEquals(cores, node.getResources().getRequests().get("cpu").toString(), "whole cores");
    assertEquals(
        cores, arg(container(job.getSpec().getTemplate()), "--partitions"), "a partition a core");
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static Set<String> ports(Container c) {
    Set<String> out = new TreeSet<>();
    c.getPorts().forEach(p -> out.add(p.getContainerPort() + "/" + p.getProtocol()));
    return out;
  }
}

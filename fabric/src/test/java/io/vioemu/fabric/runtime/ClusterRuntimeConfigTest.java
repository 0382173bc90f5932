package io.vioemu.fabric.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterRuntimeConfigTest {

  @Test
  void shouldDisableJavaSerializationAndBindControlMessagesWhenNodeStarts() {
    Config c = ClusterRuntime.config(NodeSettings.embedded());
    assertFalse(c.getBoolean("pekko.actor.allow-java-serialization"));
    assertEquals("cluster", c.getString("pekko.actor.provider"));
    assertEquals(
        "vioemu-control",
        c.getString(
            "pekko.actor.serialization-bindings.\"io.vioemu.fabric.runtime.ControlMessage\""));
  }

  @Test
  void shouldCarrySeedsRolesAndPortWhenNodeJoinsACluster() {
    Config c =
        ClusterRuntime.config(
            new NodeSettings("127.0.0.1", 25600, List.of("127.0.0.1:25520"), Set.of("host"), 0));
    assertEquals(
        List.of("pekko://vioemu@127.0.0.1:25520"), c.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(List.of("host"), c.getStringList("pekko.cluster.roles"));
    assertEquals(25600, c.getInt("pekko.remote.artery.canonical.port"));
    assertEquals("2s", c.getString("pekko.cluster.failure-detector.acceptable-heartbeat-pause"));
  }

  @Test
  void shouldLeaveManagementOutWhenNodeJoinsBySeedNodes() {
    Config c = ClusterRuntime.config(NodeSettings.embedded());
    assertEquals("seed-nodes", c.getString("vioemu.runtime.bootstrap"));
    assertFalse(c.hasPath("pekko.management.health-checks.readiness-checks.vioemu-partitions"));
  }

  @Test
  void shouldConfigureKubernetesDiscoveryWhenNodeBootstrapsOnKubernetes() {
    Config c = ClusterRuntime.config(kubernetes("10.1.2.3", Set.of("host", "guest"), "node-1"));
    assertEquals("10.1.2.3", c.getString("pekko.management.http.hostname"));
    assertEquals(8558, c.getInt("pekko.management.http.port"));
    assertEquals(
        "kubernetes-api",
        c.getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
    assertEquals(
        "management",
        c.getString("pekko.management.cluster.bootstrap.contact-point-discovery.port-name"));
    assertEquals(
        PartitionReadiness.class.getName(),
        c.getString("pekko.management.health-checks.readiness-checks.vioemu-partitions"));
    assertTrue(c.getBoolean("pekko.management.cluster.bootstrap.new-cluster-enabled"));
    assertEquals(
        List.of("guest", "host", "pod:node-1"),
        c.getStringList("pekko.cluster.roles").stream().sorted().toList());
    assertEquals(List.of(), c.getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void shouldNeverFoundAClusterWhenRunnerBootstrapsOnKubernetes() {
    Config c = ClusterRuntime.config(kubernetes("10.1.2.9", Set.of("runner", "host"), ""));
    assertFalse(c.getBoolean("pekko.management.cluster.bootstrap.new-cluster-enabled"));
  }

  @Test
  void shouldRefuseSeedNodesWhenBootstrapIsKubernetes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new NodeSettings(
                    "127.0.0.1",
                    0,
                    List.of("127.0.0.1:25520"),
                    Set.of("host"),
                    0,
                    "",
                    Bootstrap.KUBERNETES,
                    "",
                    null));
    assertTrue(e.getMessage().contains("exclude each other"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Bootstrap.fromConfigName("dns"));
  }

  private static NodeSettings kubernetes(String ip, Set<String> roles, String pod) {
    return new NodeSettings(
        ip, 25520, List.of(), roles, 40123, "", Bootstrap.KUBERNETES, pod, null);
  }
}

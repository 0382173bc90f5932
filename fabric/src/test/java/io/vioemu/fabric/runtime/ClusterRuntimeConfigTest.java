package io.vioemu.fabric.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}

package io.vioemu.fabric.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeOrderTest {
  private static NodeOrder.Node<String> node(String name, boolean local, String... roles) {
    return new NodeOrder.Node<>(name, local, "pekko://vioemu@" + name, Set.of(roles));
  }

  @Test
  void shouldGiveGuestOnlyNodesTheLastPartitionsWhenRolesDiffer() {
    List<String> order =
        NodeOrder.order(
            List.of(
                node("c-guest", false, "guest"),
                node("b-host", false, "host"),
                node("a-guest", false, "guest"),
                node("runner", true, "runner", "host", "guest"),
                node("d-both", false, "host", "guest")));

    assertEquals(List.of("runner", "b-host", "d-both", "a-guest", "c-guest"), order);
  }

  @Test
  void shouldOrderByAddressWhenEveryNodeHasTheSameRoles() {
    List<String> order =
        NodeOrder.order(
            List.of(
                node("z", false, "host", "guest"),
                node("runner", true, "runner"),
                node("m", false, "host", "guest")));

    assertEquals(List.of("runner", "m", "z"), order);
  }
}

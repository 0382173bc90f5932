package io.vioemu.fabric.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The order in which nodes take partitions: the runner's own first (partition 0), then nodes with
 * the {@code host} role, then nodes with only the {@code guest} role, each group by address. The
 * {@code vms-apart} placement puts VMs in the last partitions, so {@code vioemu node --roles guest}
 * JVMs are where they run.
 */
final class NodeOrder {
  /** One node as the runner sees it. */
  record Node<T>(T ref, boolean local, String address, Set<String> roles) {
    boolean guestOnly() {
      return !roles.contains("host") && roles.contains("guest");
    }
  }

  private NodeOrder() {}

  static <T> List<T> order(List<Node<T>> nodes) {
    List<Node<T>> sorted = new ArrayList<>(nodes);
    sorted.sort(
        Comparator.<Node<T>, Boolean>comparing(n -> !n.local())
            .thenComparing(Node::guestOnly)
            .thenComparing(Node::address));
    return sorted.stream().map(Node::ref).toList();
  }
}

package io.vioemu.fabric.ethernet;

import io.vioemu.fabric.kernel.Mix;
import java.util.function.LongToIntFunction;

/**
 * Static routes of a two-tier leaf-spine fabric. A leaf's ports 0..H-1 face its hosts and ports
 * H..H+S-1 its spines; a spine's port l faces leaf l. A leaf sends a frame for one of its own hosts
 * straight down, any other frame up to a spine chosen by hashing the flow (ECMP: every frame of a
 * flow takes the same path, so a flow is never reordered; different flows spread). A spine sends a
 * frame down to the destination host's leaf.
 */
public final class LeafSpineRoutes implements ForwardingTable {
  private final int leaf;
  private final int hostsPerLeaf;
  private final int spines;
  private final LongToIntFunction hostOfMac;
  private final long hashSalt;

  private LeafSpineRoutes(int leaf, int hostsPerLeaf, int spines, LongToIntFunction hostOfMac) {
    this.leaf = leaf;
    this.hostsPerLeaf = hostsPerLeaf;
    this.spines = spines;
    this.hostOfMac = hostOfMac;
    this.hashSalt = Mix.mix64(0x1EAFL + leaf);
  }

  /** The table of leaf {@code leaf}. */
  public static LeafSpineRoutes leaf(
      int leaf, int hostsPerLeaf, int spines, LongToIntFunction hostOfMac) {
    return new LeafSpineRoutes(leaf, hostsPerLeaf, spines, hostOfMac);
  }

  /** The table of any spine (spines route by destination leaf only). */
  public static LeafSpineRoutes spine(int hostsPerLeaf, LongToIntFunction hostOfMac) {
    return new LeafSpineRoutes(-1, hostsPerLeaf, 0, hostOfMac);
  }

  @Override
  public int route(int ingressPort, Frame frame) {
    int host = hostOfMac.applyAsInt(frame.dstMac());
    if (host < 0) {
      return FLOOD;
    }
    int dstLeaf = host / hostsPerLeaf;
    if (leaf < 0) {
      return dstLeaf;
    }
    if (dstLeaf == leaf) {
      return host % hostsPerLeaf;
    }
    return hostsPerLeaf + uplinkOf(frame.flowId());
  }

  /** The spine (0..S-1) this leaf sends {@code flowId} to. */
  public int uplinkOf(long flowId) {
    return (int) Long.remainderUnsigned(Mix.mix64(flowId ^ hashSalt), spines);
  }
}

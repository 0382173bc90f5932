package io.vioemu.fabric.cluster;

import io.vioemu.fabric.ethernet.Attachment;
import io.vioemu.fabric.ethernet.LinkSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wiring of a datacenter fabric: which port of which switch faces which host or switch, at what
 * rate. Entity ids: hosts {@code 0..hosts-1}, then the switches, edge switches (leaves) first, so
 * that switch {@code i} is entity {@code hosts + i} and edge switch {@code r} is rack {@code r}.
 *
 * <ul>
 *   <li>Leaf-spine: leaf {@code l} has ports {@code 0..H-1} to its hosts and {@code H..H+S-1} to
 *       the spines (at the uplink rate); spine {@code s} has port {@code l} to leaf {@code l}.
 *   <li>k-ary fat-tree (Al-Fares et al., SIGCOMM 2008): k pods of k/2 edge and k/2 aggregation
 *       switches, (k/2)^2 cores, k/2 hosts per edge: k^3/4 hosts. An edge switch's ports {@code
 *       0..k/2-1} face its hosts, {@code k/2..k-1} its pod's aggregation switches; an aggregation
 *       switch j's ports {@code 0..k/2-1} face its pod's edges, {@code k/2+m} core {@code j*k/2+m};
 *       core c's port p faces aggregation switch {@code c/(k/2)} of pod p.
 * </ul>
 *
 * Switches are named {@code leaf<i>}, {@code spine<i>}, {@code edge<i>}, {@code agg<i>}, {@code
 * core<i>} (flat indices); a link between two switches is named {@code <lower>-<upper>} ({@code
 * leaf0-spine1}), a host's link {@code host<h>-<edge>}.
 */
public final class ClusterShape {
  /** Which shape. */
  public enum Kind {
    LEAF_SPINE("leaf-spine"),
    FAT_TREE("fat-tree");

    private final String paramName;

    Kind(String paramName) {
      this.paramName = paramName;
    }

    public String paramName() {
      return paramName;
    }
  }

  /** One full-duplex link: switch {@code sw}'s port {@code port} to {@code peer}. */
  public record Link(String name, int sw, int port, Attachment peer) {}

  private final Kind kind;
  private final int hosts;
  private final int edges;
  private final int hostsPerEdge;
  private final String[] switchNames;
  private final Attachment[][] ports;
  private final LinkSettings[][] portLinks;
  private final int[][] portLinkIds;
  private final List<Link> links = new ArrayList<>();
  private final Map<String, Integer> linkByName = new HashMap<>();
  private final Map<String, Integer> switchByName = new HashMap<>();

  private ClusterShape(Kind kind, int hosts, int edges, String[] switchNames, int[] portCounts) {
    this.kind = kind;
    this.hosts = hosts;
    this.edges = edges;
    this.hostsPerEdge = hosts / edges;
    this.switchNames = switchNames;
    this.ports = new Attachment[switchNames.length][];
    this.portLinks = new LinkSettings[switchNames.length][];
    this.portLinkIds = new int[switchNames.length][];
    for (int s = 0; s < switchNames.length; s++) {
      ports[s] = new Attachment[portCounts[s]];
      portLinks[s] = new LinkSettings[portCounts[s]];
      portLinkIds[s] = new int[portCounts[s]];
      switchByName.put(switchNames[s], s);
    }
  }

  /**
   * L leaves of H hosts, S spines; host links at {@code hostLink}'s rate, leaf-spine links at
   * {@code uplink}'s.
   */
  public static ClusterShape leafSpine(
      int leaves, int spines, int hostsPerLeaf, LinkSettings hostLink, LinkSettings uplink) {
    if (leaves < 1 || spines < 1 || hostsPerLeaf < 1) {
      throw new IllegalArgumentException(
          "a leaf-spine fabric needs >= 1 leaf, >= 1 spine and >= 1 host per leaf");
    }
    String[] names = new String[leaves + spines];
    int[] portCounts = new int[names.length];
    for (int l = 0; l < leaves; l++) {
      names[l] = "leaf" + l;
      portCounts[l] = hostsPerLeaf + spines;
    }
    for (int s = 0; s < spines; s++) {
      names[leaves + s] = "spine" + s;
      portCounts[leaves + s] = leaves;
    }
    ClusterShape c =
        new ClusterShape(Kind.LEAF_SPINE, leaves * hostsPerLeaf, leaves, names, portCounts);
    for (int l = 0; l < leaves; l++) {
      for (int h = 0; h < hostsPerLeaf; h++) {
        c.hostLink(l * hostsPerLeaf + h, l, h, hostLink);
      }
    }
    for (int l = 0; l < leaves; l++) {
      for (int s = 0; s < spines; s++) {
        c.switchLink(l, hostsPerLeaf + s, leaves + s, l, uplink);
      }
    }
    return c;
  }

  /** A k-ary fat-tree (k even, >= 2), every link alike. */
  public static ClusterShape fatTree(int k, LinkSettings link) {
    if (k < 2 || k % 2 != 0) {
      throw new IllegalArgumentException("a k-ary fat-tree needs an even k >= 2, was " + k);
    }
    int half = k / 2;
    int edges = k * half;
    int cores = half * half;
    String[] names = new String[2 * edges + cores];
    int[] portCounts = new int[names.length];
    Arrays.fill(portCounts, k);
    for (int i = 0; i < edges; i++) {
      names[i] = "edge" + i;
      names[edges + i] = "agg" + i;
    }
    for (int c = 0; c < cores; c++) {
      names[2 * edges + c] = "core" + c;
    }
    ClusterShape c = new ClusterShape(Kind.FAT_TREE, edges * half, edges, names, portCounts);
    for (int e = 0; e < edges; e++) {
      for (int h = 0; h < half; h++) {
        c.hostLink(e * half + h, e, h, link);
      }
    }
    for (int pod = 0; pod < k; pod++) {
      for (int i = 0; i < half; i++) {
        for (int j = 0; j < half; j++) {
          c.switchLink(pod * half + i, half + j, edges + pod * half + j, i, link);
        }
      }
    }
    for (int pod = 0; pod < k; pod++) {
      for (int j = 0; j < half; j++) {
        for (int m = 0; m < half; m++) {
          c.switchLink(edges + pod * half + j, half + m, 2 * edges + j * half + m, pod, link);
        }
      }
    }
    return c;
  }

  private void hostLink(int host, int edge, int port, LinkSettings link) {
    addLink(new Link("host" + host + "-" + switchNames[edge], edge, port, new Attachment(host, 0)));
    ports[edge][port] = new Attachment(host, 0);
    portLinks[edge][port] = link;
  }

  private void switchLink(int lower, int lowerPort, int upper, int upperPort, LinkSettings link) {
    addLink(
        new Link(
            switchNames[lower] + "-" + switchNames[upper],
            lower,
            lowerPort,
            new Attachment(hosts + upper, upperPort)));
    ports[lower][lowerPort] = new Attachment(hosts + upper, upperPort);
    ports[upper][upperPort] = new Attachment(hosts + lower, lowerPort);
    portLinks[lower][lowerPort] = link;
    portLinks[upper][upperPort] = link;
    portLinkIds[upper][upperPort] = links.size() - 1;
  }

  private void addLink(Link l) {
    portLinkIds[l.sw()][l.port()] = links.size();
    linkByName.put(l.name(), links.size());
    links.add(l);
  }

  public Kind kind() {
    return kind;
  }

  public int hosts() {
    return hosts;
  }

  public int switches() {
    return switchNames.length;
  }

  /** Edge switches (leaves): one per rack. */
  public int edges() {
    return edges;
  }

  public int hostsPerEdge() {
    return hostsPerEdge;
  }

  /** Switch {@code sw}'s entity id. */
  public int switchEntity(int sw) {
    return hosts + sw;
  }

  /** The rack (edge switch) of {@code host}. */
  public int rackOf(int host) {
    return host / hostsPerEdge;
  }

  /** Where {@code host}'s one link ends: its edge switch and the port there. */
  public Attachment uplinkOf(int host) {
    return new Attachment(hosts + rackOf(host), host % hostsPerEdge);
  }

  /** The link of {@code host}'s NIC. */
  public LinkSettings hostLinkOf(int host) {
    return portLinks[rackOf(host)][host % hostsPerEdge];
  }

  public String switchName(int sw) {
    return switchNames[sw];
  }

  public int portCount(int sw) {
    return ports[sw].length;
  }

  /** The far end of switch {@code sw}'s port {@code port}. */
  public Attachment peer(int sw, int port) {
    return ports[sw][port];
  }

  /** The switch at the far end of a port, or -1 for a host. */
  public int peerSwitch(int sw, int port) {
    int e = ports[sw][port].peerEntity();
    return e >= hosts ? e - hosts : -1;
  }

  public LinkSettings link(int sw, int port) {
    return portLinks[sw][port];
  }

  /** The index (in {@link #links()}) of the link on switch {@code sw}'s port {@code port}. */
  public int linkId(int sw, int port) {
    return portLinkIds[sw][port];
  }

  public List<Link> links() {
    return List.copyOf(links);
  }

  public Optional<Integer> linkNamed(String name) {
    return Optional.ofNullable(linkByName.get(name));
  }

  public Optional<Integer> switchNamed(String name) {
    return Optional.ofNullable(switchByName.get(name));
  }

  /** The smallest latency of any link: the fabric's lookahead. */
  public long minLatencyPs() {
    long min = Long.MAX_VALUE;
    for (LinkSettings[] ls : portLinks) {
      for (LinkSettings l : ls) {
        min = Math.min(min, l.minLatencyPs());
      }
    }
    return min;
  }

  /** A few example names, for messages. */
  public String exampleNames() {
    String lastSwitch = switchNames[switchNames.length - 1];
    String lastLink = links.get(links.size() - 1).name();
    return "switches "
        + switchNames[0]
        + " .. "
        + lastSwitch
        + ", links such as "
        + links.get(0).name()
        + " or "
        + lastLink;
  }
}

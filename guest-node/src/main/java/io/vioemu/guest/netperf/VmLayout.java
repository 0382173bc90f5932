package io.vioemu.guest.netperf;

import io.vioemu.host.netperf.GuestSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which guests of a netperf star run in entities of their own ({@link VmEntity}), and their entity
 * ids: every VM, after the star's hosts and switch, host by host, unless the VMs share the host's
 * cores (a core's time is given out in one place only, so those stay in their host's entity).
 */
final class VmLayout {
  private final List<List<GuestSpec>> specs;
  private final int firstVmEntity;
  private final int[][] entityOf;
  private final int[] hostOfVm;
  private final int[] guestOfVm;

  /** Per VM, the hosts it migrates to. */
  private final int[][] destinations;

  /** The device sides migrating VMs take over (host in the high word, guest index low). */
  private final Set<Long> arriving = new HashSet<>();

  /**
   * @param specs each host's guests
   * @param firstVmEntity the id of the first VM entity (after the star's)
   * @param apart whether VMs get entities of their own
   */
  VmLayout(List<List<GuestSpec>> specs, int firstVmEntity, boolean apart) {
    this(specs, firstVmEntity, apart, List.of());
  }

  /**
   * @param arrivals where migrating VMs arrive: {host, guest index there, the VM's number}; such a
   *     guest is the VM's device side at its destination, not a VM of its own
   */
  VmLayout(List<List<GuestSpec>> specs, int firstVmEntity, boolean apart, List<int[]> arrivals) {
    this.specs = List.copyOf(specs);
    this.firstVmEntity = firstVmEntity;
    this.entityOf = new int[specs.size()][];
    arrivals.forEach(a -> arriving.add(((long) a[0] << 32) | a[1]));
    List<int[]> vms = new ArrayList<>();
    for (int h = 0; h < specs.size(); h++) {
      List<GuestSpec> guests = specs.get(h);
      entityOf[h] = new int[guests.size()];
      Arrays.fill(entityOf[h], -1);
      for (int g = 0; g < guests.size(); g++) {
        boolean arrives = arriving.contains(((long) h << 32) | g);
        if (apart && guests.get(g).io().virtualized() && !arrives) {
          entityOf[h][g] = firstVmEntity + vms.size();
          vms.add(new int[] {h, g});
        }
      }
    }
    this.hostOfVm = vms.stream().mapToInt(v -> v[0]).toArray();
    this.guestOfVm = vms.stream().mapToInt(v -> v[1]).toArray();
    this.destinations = new int[hostOfVm.length][];
    Arrays.setAll(destinations, v -> new int[0]);
    for (int[] a : arrivals) {
      entityOf[a[0]][a[1]] = firstVmEntity + a[2];
      int[] d = destinations[a[2]];
      if (Arrays.stream(d).noneMatch(h -> h == a[0])) {
        destinations[a[2]] = Arrays.copyOf(d, d.length + 1);
        destinations[a[2]][d.length] = a[0];
      }
    }
  }

  /** The hosts a VM migrates to, in no particular order. */
  int[] destinationsOf(int vmEntity) {
    return destinations[vmEntity - firstVmEntity];
  }

  /**
   * Whether the guest is a device side a migrating VM takes over: where it arrives, or under a bond
   * its virtio backup and its new VF.
   */
  boolean arrives(int host, int guest) {
    return arriving.contains(((long) host << 32) | guest);
  }

  int count() {
    return hostOfVm.length;
  }

  boolean isVm(int entityId) {
    return entityId >= firstVmEntity;
  }

  int hostOf(int vmEntity) {
    return hostOfVm[vmEntity - firstVmEntity];
  }

  int guestOf(int vmEntity) {
    return guestOfVm[vmEntity - firstVmEntity];
  }

  List<GuestSpec> specs(int host) {
    return specs.get(host);
  }

  /** Per guest of {@code host}, the entity it runs in, or -1 for the host's own. */
  int[] entitiesOf(int host) {
    return entityOf[host].clone();
  }

  /** The fabric's placement order with each host followed by its VMs. */
  int[] placementOrder(int[] fabricOrder) {
    int[] order = new int[firstVmEntity + count()];
    int i = 0;
    for (int e : fabricOrder) {
      order[i++] = e;
      if (e < specs.size()) {
        for (int g = 0; g < entityOf[e].length; g++) {
          if (entityOf[e][g] >= 0 && !arrives(e, g)) {
            order[i++] = entityOf[e][g];
          }
        }
      }
    }
    return order;
  }

  /**
   * The star's entities' counters, each host's together with its VMs': a VM's cores are numbered
   * after its host's ({@code cpu.core<c>.*}), and every other counter both report is added up.
   * Without VMs apart, the counters as they are.
   */
  List<SortedMap<String, Long>> hostView(List<SortedMap<String, Long>> metrics) {
    if (count() == 0) {
      return metrics;
    }
    List<SortedMap<String, Long>> out = new ArrayList<>();
    for (int e = 0; e < firstVmEntity; e++) {
      SortedMap<String, Long> m = new TreeMap<>(metrics.get(e));
      if (e < specs.size()) {
        for (int g = 0; g < entityOf[e].length; g++) {
          if (entityOf[e][g] >= 0 && !arrives(e, g)) {
            add(m, metrics.get(entityOf[e][g]));
          }
        }
      }
      out.add(m);
    }
    return out;
  }

  private static final String CORE = "cpu.core";
  private static final String CORES = "cpu.physicalCores";

  private static void add(SortedMap<String, Long> into, Map<String, Long> vm) {
    long offset = into.getOrDefault(CORES, 0L);
    for (Map.Entry<String, Long> e : vm.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(CORE)) {
        int dot = key.indexOf('.', CORE.length());
        long c = Long.parseLong(key.substring(CORE.length(), dot));
        key = CORE + (c + offset) + key.substring(dot);
      }
      into.merge(key, e.getValue(), Long::sum);
    }
  }
}

package io.vioemu.guest.netperf;

import io.vioemu.host.netperf.GuestSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

  /**
   * @param specs each host's guests
   * @param firstVmEntity the id of the first VM entity (after the star's)
   * @param apart whether VMs get entities of their own
   */
  VmLayout(List<List<GuestSpec>> specs, int firstVmEntity, boolean apart) {
    this.specs = List.copyOf(specs);
    this.firstVmEntity = firstVmEntity;
    this.entityOf = new int[specs.size()][];
    List<int[]> vms = new ArrayList<>();
    for (int h = 0; h < specs.size(); h++) {
      List<GuestSpec> guests = specs.get(h);
      entityOf[h] = new int[guests.size()];
      Arrays.fill(entityOf[h], -1);
      for (int g = 0; g < guests.size(); g++) {
        if (apart && guests.get(g).io().virtualized()) {
          entityOf[h][g] = firstVmEntity + vms.size();
          vms.add(new int[] {h, g});
        }
      }
    }
    this.hostOfVm = vms.stream().mapToInt(v -> v[0]).toArray();
    this.guestOfVm = vms.stream().mapToInt(v -> v[1]).toArray();
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
        for (int vm : entityOf[e]) {
          if (vm >= 0) {
            order[i++] = vm;
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
        for (int vm : entityOf[e]) {
          if (vm >= 0) {
            add(m, metrics.get(vm));
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

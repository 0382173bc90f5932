package io.vioemu.host.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vioemu.fabric.ethernet.FabricEvents;
import io.vioemu.host.net.NetHost;
import io.vioemu.host.netperf.HostEvent;
import io.vioemu.host.netperf.KernelEvent;
import io.vioemu.host.netperf.VmMessage;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The event ids of the host and guest models in one place: no two kinds an entity may receive share
 * a number, and none changes (the run checksum folds every event's kind, so a renumbering would
 * change every result). A new entity's enum is added to {@link #MODEL_KINDS}.
 */
class EventIdsTest {
  private static final List<EventKind[]> MODEL_KINDS =
      List.of(NetHost.Event.values(), KernelEvent.values(), HostEvent.values(), VmMessage.values());

  /** Every kind by id, the fabric's int constants included, failing on the first shared id. */
  private static Map<Integer, String> allKinds() throws ReflectiveOperationException {
    Map<Integer, String> byId = new TreeMap<>();
    List<String> shared = new ArrayList<>();
    for (EventKind[] kinds : MODEL_KINDS) {
      for (EventKind k : kinds) {
        String name = k.getClass().getSimpleName() + "." + k;
        String other = byId.put(k.id(), name);
        if (other != null) {
          shared.add(other + " and " + name + " are both " + k.id());
        }
      }
    }
    for (Class<?> c :
        List.of(FabricEvents.class, Class.forName("io.vioemu.fabric.ethernet.TrafficHost"))) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
          f.setAccessible(true);
          String name = c.getSimpleName() + "." + f.getName();
          String other = byId.put(f.getInt(null), name);
          if (other != null) {
            shared.add(other + " and " + name + " are both " + f.getInt(null));
          }
        }
      }
    }
    assertEquals(List.of(), shared);
    return byId;
  }

  @Test
  void shouldGiveEveryKindItsOwnIdWhenFabricAndModelKindsAreTakenTogether() throws Exception {
    assertEquals(41, allKinds().size(), "37 kinds of the models, 4 of the fabric");
  }

  @Test
  void shouldKeepTheIdsTheChecksumsWereMadeWithWhenKindsBecameEnums() throws Exception {
    Map<Integer, String> byId = allKinds();
    String expected =
        "{100=FabricEvents.FRAME, 101=FabricEvents.TX_FREE, 102=FabricEvents.FORWARD,"
            + " 110=TrafficHost.TICK, 120=Event.RX_DONE, 121=Event.TX_READY, 122=Event.TICK,"
            + " 123=Event.IRQ_TIMER, 130=KernelEvent.START, 131=KernelEvent.APP_DONE,"
            + " 132=KernelEvent.STACK_RX, 133=HostEvent.TX_READY, 134=KernelEvent.TCP_TIMER,"
            + " 135=HostEvent.IRQ_TIMER, 136=HostEvent.HOST_POLL, 137=HostEvent.LOCAL_FRAME,"
            + " 138=KernelEvent.STACK_TX_DROPPED, 150=HostEvent.RX_DMA, 151=HostEvent.TX_DMA, 152=HostEvent.ATTACK,"
            + " 153=HostEvent.DMA_TIMER, 154=HostEvent.GUEST_DETACH, 160=VmMessage.VM_TX,"
            + " 161=VmMessage.VM_REFILL, 162=VmMessage.VM_CONSUMED, 163=VmMessage.VM_POLL_DONE,"
            + " 164=VmMessage.VM_MAILBOX, 165=VmMessage.VM_ATTACH, 170=VmMessage.HOST_RX,"
            + " 171=VmMessage.HOST_IRQ, 172=VmMessage.HOST_BACKEND_RX,"
            + " 173=VmMessage.HOST_DRAINED, 174=VmMessage.HOST_BACKEND_BUSY,"
            + " 175=VmMessage.HOST_MAILBOX_ACK, 176=VmMessage.HOST_PAUSE,"
            + " 177=VmMessage.HOST_RESUME, 178=VmMessage.HOST_DIRTY_LOG,"
            + " 179=VmMessage.HOST_UNPLUG, 180=VmMessage.HOST_FAILOVER,"
            + " 181=VmMessage.HOST_HOTPLUG, 182=VmMessage.BOND_FAILBACK}";
    assertEquals(expected, byId.toString());
  }

  @Test
  void shouldFindEachKindByItsIdAndNothingElseWhenLookingUp() {
    for (VmMessage m : VmMessage.values()) {
      assertSame(m, VmMessage.of(m.id()));
    }
    assertNull(VmMessage.of(166), "a gap between the VM's and the host's messages");
    assertNull(VmMessage.of(KernelEvent.START.id()));
    assertNull(KernelEvent.of(133), "the host's TX_READY sits between the kernel's ids");
    assertNull(KernelEvent.of(-1));
  }

  private enum Twins implements EventKind {
    A,
    B;

    @Override
    public int id() {
      return 7;
    }
  }

  @Test
  void shouldRefuseAnEnumWhoseKindsShareAnIdWhenBuildingItsTable() {
    assertThrows(IllegalStateException.class, () -> new EventTable<>(Twins.values()));
  }
}

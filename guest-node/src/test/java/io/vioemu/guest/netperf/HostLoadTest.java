package io.vioemu.guest.netperf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.vioemu.host.virt.VirtCosts;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hosts' load over the measured interval, against hand-computed values: UDP_RR with one
 * transaction outstanding repeats exactly every L picoseconds, so a measured interval of whole
 * periods holds exactly that many transactions' cycles, interrupts and exits.
 */
class HostLoadTest {
  private static final long PS_PER_CYCLE = 500; // 2 GHz

  /** Send call (syscall, application, copy of 100 B), stack, driver. */
  private static final long TX_REQUEST = 900 + 100 + 100 + 2000 + 500;

  private static final long TX_RESPONSE = 900 + 100 + 200 + 2000 + 500;

  /** Interrupt, driver, stack; receive call (syscall, copy, application). */
  private static final long RX_REQUEST = 1500 + 700 + 2500 + 800 + 100 + 300;

  private static final long RX_RESPONSE = 1500 + 700 + 2500 + 800 + 200 + 300;

  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("load", ConfigFactory.parseString("pekko.actor.provider = local"));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static Map<String, String> udpRr(String... kv) {
    Map<String, String> p = new HashMap<>();
    p.put("test", "UDP_RR");
    p.put("messageBytes", "100");
    p.put("responseBytes", "200");
    p.put("forwardingJitterPs", "0");
    p.put("cost.clockHz", "2000000000");
    p.put("cost.txSyscallCycles", "900");
    p.put("cost.txAppCyclesPerMessage", "100");
    p.put("cost.txCopyMilliCyclesPerByte", "1000");
    p.put("cost.txStackCyclesPerFrame", "2000");
    p.put("cost.txDriverCyclesPerFrame", "500");
    p.put("cost.rxInterruptCycles", "1500");
    p.put("cost.rxDriverCyclesPerFrame", "700");
    p.put("cost.rxStackCyclesPerFrame", "2500");
    p.put("cost.rxSyscallCycles", "800");
    p.put("cost.rxCopyMilliCyclesPerByte", "1000");
    p.put("cost.rxAppCyclesPerMessage", "300");
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return p;
  }

  /** The period: every transaction takes exactly as long, and the next starts when it ends. */
  private static long period(Map<String, String> p) {
    NetperfRun r = NetperfRun.run(kit, p, 1, 1_000_000_000L);
    long l = r.get(0, "flow0.latencyMinPs");
    assertEquals(l, r.get(0, "flow0.latencyMaxPs"), "a steady period");
    return l;
  }

  @Test
  void shouldCountWholePeriodsWhenTheMeasuredIntervalIsFiftyTransactions() {
    long l = period(udpRr());
    Map<String, String> p = udpRr("warmupPs", "" + 10 * l, "stopPs", "" + 60 * l);
    NetperfRun r = NetperfRun.run(kit, p, 1, 60 * l + l / 3);
    long clientBusyPs = 50 * (TX_REQUEST + RX_RESPONSE) * PS_PER_CYCLE;
    long serverBusyPs = 50 * (RX_REQUEST + TX_RESPONSE) * PS_PER_CYCLE;
    long bytes = 50 * (100 + 200);
    System.out.println("L = " + l + " ps: " + r.results());
    assertEquals((double) clientBusyPs / (50 * l), r.result("cpuUtilization.client"), 1e-6);
    assertEquals((double) serverBusyPs / (50 * l), r.result("cpuUtilization.server"), 1e-6);
    assertEquals(50.0 * (TX_REQUEST + RX_RESPONSE) / bytes, r.result("cyclesPerByte.client"), 1e-6);
    assertEquals(50.0 * (RX_REQUEST + TX_RESPONSE) / bytes, r.result("cyclesPerByte.server"), 1e-6);
    // one interrupt per request at the server, one per response at the client
    assertEquals(100L * 1_000_000_000_000L / (50 * l), (long) r.result("interruptsPerSec"));
    assertEquals(0, r.result("vmExitsPerSec"));
    assertEquals(0, r.result("iommuFaults"));
  }

  @Test
  void shouldLeaveOutWorkAfterTheEndWhenTheRunEndsInsideASendCall() {
    long l = period(udpRr());
    // the run ends halfway through the client's 61st request: its stack and driver work, handed to
    // the core before the end, runs past it
    long end = 60 * l + TX_REQUEST * PS_PER_CYCLE / 2;
    NetperfRun r = NetperfRun.run(kit, udpRr("warmupPs", "" + 10 * l), 1, end);
    long intervalPs = end - 10 * l;
    long clientBusyPs =
        (50 * (TX_REQUEST + RX_RESPONSE) * PS_PER_CYCLE) + TX_REQUEST * PS_PER_CYCLE / 2;
    long serverBusyPs = 50 * (RX_REQUEST + TX_RESPONSE) * PS_PER_CYCLE;
    // goodput counts bytes when they arrive: the 50 responses read at 11 L .. 60 L arrived inside
    // the interval, the one read at 10 L just before it
    long bytes = 50 * 100 + 50 * 200;
    assertEquals((double) clientBusyPs / intervalPs, r.result("cpuUtilization.client"), 1e-6);
    assertEquals((double) serverBusyPs / intervalPs, r.result("cpuUtilization.server"), 1e-6);
    assertEquals(
        (double) clientBusyPs / PS_PER_CYCLE / bytes, r.result("cyclesPerByte.client"), 1e-6);
    assertEquals(100L * 1_000_000_000_000L / intervalPs, (long) r.result("interruptsPerSec"));
  }

  @Test
  void shouldCountTwoExitsPerInterruptWhenAPassThroughGuestTakesThem() {
    Map<String, String> vm = udpRr("io.model", "passthrough", "io.vmHosts", "clients");
    long l = period(vm);
    vm.put("warmupPs", "" + 10 * l);
    vm.put("stopPs", "" + 60 * l);
    NetperfRun r = NetperfRun.run(kit, vm, 1, 61 * l);
    VirtCosts v = r.model.settings().virt();
    // the device interrupt exits to be injected, and the guest's EOI exits to be emulated
    long exitCycles = 2 * v.vmExitCycles() + v.interruptInjectionCycles() + v.apicEmulationCycles();
    long clientBusyPs = 50 * (TX_REQUEST + RX_RESPONSE + exitCycles) * PS_PER_CYCLE;
    assertEquals((double) clientBusyPs / (50 * l), r.result("cpuUtilization.client"), 1e-6);
    assertEquals(100L * 1_000_000_000_000L / (50 * l), (long) r.result("vmExitsPerSec"));
    assertEquals(100L * 1_000_000_000_000L / (50 * l), (long) r.result("interruptsPerSec"));
  }
}

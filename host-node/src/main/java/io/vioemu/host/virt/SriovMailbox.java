package io.vioemu.host.virt;

import io.vioemu.fabric.kernel.MetricSink;
import io.vioemu.host.cpu.Component;
import io.vioemu.host.cpu.CoreModel;
import io.vioemu.host.net.HostCosts;
import java.util.List;

/**
 * The mailbox between a self-virtualizing NIC's virtual functions and its physical function, as
 * Intel's 82599 and Linux's ixgbe/ixgbevf drivers use it. A VF driver cannot configure the shared
 * device itself: it writes a request into its mailbox memory and rings the doorbell, both through
 * its own BAR, which the VM reaches without an exit; the NIC interrupts the PF driver in the host,
 * which reads the request, acts on it and writes its reply with an ACK, which interrupts the VF.
 *
 * <p>What each side reads from device registers is counted from the drivers (each read a non-posted
 * PCIe round trip, {@link VirtCosts#mmioReadCycles}); the rest of each side's work is a per-request
 * cost. The PF driver scans every VF's mailbox status on each mailbox interrupt, so its cost per
 * request grows with the number of VFs.
 */
public final class SriovMailbox {
  /** The requests this model sends; the reply sizes are ixgbevf's reads of the reply. */
  public enum Request {
    /** IXGBE_VF_RESET: the PF resets the VF's state and replies with its MAC (4 dwords). */
    RESET(4),
    /** IXGBE_VF_SET_MAC_ADDR: the PF programs the VF's receive address (3-dword reply). */
    SET_MAC(3),
    /** IXGBE_VF_SET_MULTICAST: the PF programs the VF's multicast hash (1-dword reply). */
    SET_MULTICAST(1);

    final int replyDwords;

    Request(int replyDwords) {
      this.replyDwords = replyDwords;
    }
  }

  /** A VF driver bringing its function up at guest start: reset, then set its MAC. */
  public static final List<Request> BRING_UP = List.of(Request.RESET, Request.SET_MAC);

  /**
   * ixgbe_msg_task (ixgbe_sriov.c) checks every VF for a reset, a message and an ack: one register
   * read each (VFLRE, MBVFICR twice) per VF on every mailbox interrupt.
   */
  static final int PF_READS_PER_VF_SCANNED = 3;

  /**
   * ixgbe_read_mbx_pf takes the mailbox lock (a write and a read back) and reads all 16 dwords of
   * the mailbox (IXGBE_VFMAILBOX_SIZE); ixgbe_write_mbx_pf's reply takes the lock again and flushes
   * the message and ack status bits: 1 + 16 + 3 = 20 reads (ixgbe_mbx.c).
   */
  static final int PF_READS_PER_REQUEST = 20;

  /**
   * ixgbevf_write_mbx_vf: the lock's read back and the flushes of message and ack status (mbx.c).
   */
  static final int VF_READS_BEFORE_DOORBELL = 3;

  /** After the ACK: the ack poll, the message poll and the lock's read back, then the reply. */
  static final int VF_READS_BEFORE_REPLY = 3;

  private final VirtCosts v;
  private final HostCosts h;
  private final CoreModel pfCore;
  private final int vfs;
  private long messages;
  private long pfCycles;
  private long vfCycles;

  /**
   * @param pfCore the host core the PF driver's interrupt and mailbox work run on
   * @param vfs virtual functions enabled on the PF (each scanned on every mailbox interrupt)
   */
  public SriovMailbox(VirtCosts v, HostCosts h, CoreModel pfCore, int vfs) {
    if (vfs < 1) {
      throw new IllegalArgumentException("a mailbox needs at least one VF, was " + vfs);
    }
    this.v = v;
    this.h = h;
    this.pfCore = pfCore;
    this.vfs = vfs;
  }

  /**
   * The VF driver on {@code vcpu} writes {@code request} into its mailbox and rings the doorbell at
   * {@code nowPs}; returns when the doorbell is rung. No exit: the VF's BAR is the VM's.
   */
  public static long vfPost(VirtCosts v, CoreModel vcpu, long nowPs) {
    return vcpu.run(vfPostCycles(v), Component.DRIVER, nowPs);
  }

  private static long vfPostCycles(VirtCosts v) {
    return v.sriovVfMailboxCycles() + VF_READS_BEFORE_DOORBELL * v.mmioReadCycles();
  }

  private static long vfReplyCycles(VirtCosts v, HostCosts h, Request request) {
    return h.rxInterruptCycles()
        + (VF_READS_BEFORE_REPLY + request.replyDwords) * (long) v.mmioReadCycles();
  }

  /**
   * The PF driver takes the mailbox interrupt for a request rung at {@code doorbellPs}, handles it
   * and writes its reply with the ACK; returns when the ACK interrupt is raised to the VF.
   */
  public long pfHandle(Request request, long doorbellPs) {
    messages++;
    long pfWork =
        v.sriovPfMailboxCycles()
            + (PF_READS_PER_REQUEST + (long) PF_READS_PER_VF_SCANNED * vfs) * v.mmioReadCycles();
    long t = pfCore.run(h.rxInterruptCycles(), Component.INTERRUPT, doorbellPs);
    t = pfCore.run(pfWork, Component.MAILBOX, t);
    pfCycles += h.rxInterruptCycles() + pfWork;
    // the VF's side costs fixed cycles per request: counted here, where the messages are
    vfCycles += vfPostCycles(v) + vfReplyCycles(v, h, request);
    return t;
  }

  /**
   * The ACK interrupt reaches the VF's driver at {@code ackPs}, delivered as the VM's I/O model
   * does ({@code vf}: exits unless interrupts are posted); it reads the reply. Returns when done.
   */
  public static long vfReply(
      VirtCosts v, HostCosts h, Request request, InterruptDelivery vf, CoreModel vcpu, long ackPs) {
    long t = vf.deliver(vcpu, ackPs);
    return vcpu.run(vfReplyCycles(v, h, request), Component.DRIVER, t);
  }

  /**
   * The VF driver on {@code vcpu} sends {@code request} at {@code nowPs} to a PF in the same place;
   * returns when it has read the reply.
   */
  public long send(Request request, InterruptDelivery vf, CoreModel vcpu, long nowPs) {
    long t = pfHandle(request, vfPost(v, vcpu, nowPs));
    return vfReply(v, h, request, vf, vcpu, t);
  }

  /** The requests of {@link #BRING_UP}, one after the other; returns when the VF is up. */
  public long bringUp(InterruptDelivery vf, CoreModel vcpu, long nowPs) {
    long t = nowPs;
    for (Request r : BRING_UP) {
      t = send(r, vf, vcpu, t);
    }
    return t;
  }

  public long messages() {
    return messages;
  }

  /** Cycles the PF's host core spent on mailbox interrupts and requests. */
  public long pfCycles() {
    return pfCycles;
  }

  public void reportMetrics(MetricSink sink) {
    sink.put("sriov.mailboxMessages", messages);
    sink.put("sriov.mailboxPfCycles", pfCycles);
    sink.put("sriov.mailboxVfCycles", vfCycles);
  }
}

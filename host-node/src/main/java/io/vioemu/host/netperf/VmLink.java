package io.vioemu.host.netperf;

/**
 * The events between a host and a VM that runs in an entity of its own ({@code
 * io.vioemu.guest.netperf.VmEntity}): what {@link DeviceLink} and {@link GuestLink} say, as
 * messages. Words from a VM carry its guest index in their low {@link KernelEvents#GUEST_BITS}
 * bits; words to a VM need none.
 */
public final class VmLink {
  /** A packet the guest let go; payload a frame around it, word: notified. */
  public static final int VM_TX = 160;

  /** Receive buffers the guest's DMA API refilled; word: frames, and the packet's bytes above. */
  public static final int VM_REFILL = 161;

  /** Ring slots the guest's stack gave back; word: frames. */
  public static final int VM_CONSUMED = 162;

  /** The guest's driver found its ring empty; word: the frames it has seen in all. */
  public static final int VM_POLL_DONE = 163;

  /** The guest's VF driver rang its mailbox doorbell; word: the request's number. */
  public static final int VM_MAILBOX = 164;

  /** The device wrote a frame into the guest's ring; payload the frame. */
  public static final int HOST_RX = 170;

  /** The device interrupts the guest. */
  public static final int HOST_IRQ = 171;

  /** The back-end put a packet in the guest's ring; payload a frame around it. */
  public static final int HOST_BACKEND_RX = 172;

  /** Bytes of a flow left the guest's queue; word: flow id, and bytes in the high 32 bits. */
  public static final int HOST_DRAINED = 173;

  /** The guest's back-end is busy until the word's time (what its ring's flags tell the guest). */
  public static final int HOST_BACKEND_BUSY = 174;

  /** The PF's ACK to a mailbox request; word: the request's number. */
  public static final int HOST_MAILBOX_ACK = 175;

  private VmLink() {}

  public static long backendRxWord(int frames, boolean inject) {
    return ((long) frames << 1) | (inject ? 1 : 0);
  }

  /** Frames in the low 20 bits (a GRO packet holds at most 64 KB of them). */
  public static long refillWord(int frames, int bytes) {
    return ((long) bytes << 20) | frames;
  }

  public static int refillFrames(long value) {
    return (int) (value & 0xF_FFFF);
  }

  public static int refillBytes(long value) {
    return (int) (value >>> 20);
  }

  public static long drainedWord(int flowId, long bytes) {
    return (bytes << 32) | (flowId & 0xFFFF_FFFFL);
  }
}

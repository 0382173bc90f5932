package io.vioemu.host.netperf;

/**
 * The events between a host and a VM that runs in an entity of its own ({@code
 * io.vioemu.guest.netperf.VmEntity}): what {@link DeviceLink} and {@link GuestLink} say, as
 * messages ({@link VmMessage}), and how their words pack values. Words from a VM carry its guest
 * index in their low {@link GuestWords#GUEST_BITS} bits; words to a VM need none.
 */
public final class VmLink {
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

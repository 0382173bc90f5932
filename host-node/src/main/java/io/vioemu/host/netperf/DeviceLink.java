package io.vioemu.host.netperf;

import io.vioemu.stack.Packet;

/**
 * What a guest's kernel tells the host below it: its device, its software back-end, the hypervisor.
 * For a host's native OS (or VMs that share the host's cores) each call acts at once; for a VM in
 * an entity of its own each is a message that reaches the host {@link
 * NetperfSettings#vmHostLatencyPs} after the time it is made for.
 */
public interface DeviceLink {
  /** Until when the guest sees its software back-end busy (polling its ring). */
  long backendBusyUntilPs();

  /**
   * The guest's driver lets a packet go at {@code readyPs} ({@code notified}: it woke an idle
   * back-end).
   */
  void transmit(Packet packet, int packetBytes, boolean notified, long readyPs);

  /** The guest's driver took a frame of {@code payloadBytes} off its ring (port counters). */
  void delivered(int payloadBytes, long nowPs);

  /** The guest's DMA API refilled {@code frames} receive buffers of a packet of {@code bytes}. */
  void refilled(int frames, int bytes, long nowPs);

  /** The guest's stack took {@code frames} frames: their ring slots are free again. */
  void consumed(int frames, long nowPs);

  /** The guest's driver found its ring empty after {@code framesSeen} frames in all: unmask. */
  void pollDone(long framesSeen, long nowPs);

  /** The guest's VF driver rang its mailbox doorbell with request number {@code request}. */
  void mailbox(int request, long doorbellPs);

  /**
   * Frames the host's device or back-end has written into the memory of its guest {@code guest} so
   * far: what a hypervisor's dirty log sees of that guest's I/O (a migration's source asks). Only a
   * kernel in the host's entity can ask; elsewhere 0.
   */
  default long framesWrittenTo(int guest) {
    return 0;
  }
}

package io.vioemu.guest.netperf;

import io.vioemu.host.netperf.VmMessage;

/** The host's application core, as an endpoint uses it. */
interface AppCpu {
  /** Runs a send call of {@code bytes}; the app's {@link GuestApp#onCallDone} follows. */
  void sendCall(GuestApp app, int bytes, long nowPs);

  /** Runs a receive call of {@code bytes}; the app's {@link GuestApp#onCallDone} follows. */
  void receiveCall(GuestApp app, int bytes, long nowPs);

  /** Wakes the app ({@link GuestApp#start}) at {@code atPs}. */
  void wakeAt(GuestApp app, long atPs);

  /** Runs {@code cycles} of the hypervisor's work on the app's core; returns when they end. */
  long work(long cycles, long nowPs);

  /**
   * Tells a VM in an entity of its own ({@code vmEntity}) what its hypervisor does to it, effective
   * at {@code atPs} plus the VM-host latency.
   */
  void toVm(int vmEntity, VmMessage kind, long word, long atPs);

  /** Frames the host's device or back-end has written into its guest {@code guest}'s memory. */
  long framesWrittenTo(int guest);

  /** The host's device side of its guest {@code guest} stops taking frames at {@code atPs}. */
  void detachGuest(int guest, long atPs);
}

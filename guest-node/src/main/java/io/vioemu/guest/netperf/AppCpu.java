package io.vioemu.guest.netperf;

/** The host's application core, as an endpoint uses it. */
interface AppCpu {
  /** Runs a send call of {@code bytes}; the app's {@link NetperfApp#onCallDone} follows. */
  void sendCall(NetperfApp app, int bytes, long nowPs);

  /** Runs a receive call of {@code bytes}; the app's {@link NetperfApp#onCallDone} follows. */
  void receiveCall(NetperfApp app, int bytes, long nowPs);
}

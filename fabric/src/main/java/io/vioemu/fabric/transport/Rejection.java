package io.vioemu.fabric.transport;

/**
 * Why a datagram on the fabric stream was dropped without being applied. None of them stops a run:
 * whoever can reach a node's port can send any of them.
 */
public enum Rejection {
  /** Not a fabric frame: too short, bad magic, unknown version or type. */
  MALFORMED("malformed"),
  /** A well-formed frame with another run's tag: a stale peer of an earlier run, or a guess. */
  WRONG_RUN("wrongRun"),
  /** The MAC does not match: forged, altered in flight, or meant for another partition. */
  BAD_MAC("badMac"),
  /** Authentic, but a window or chunk already taken or out of sequence: a replay. */
  REPLAYED("replayed");

  private final String jsonName;

  Rejection(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name in run.json. */
  public String jsonName() {
    return jsonName;
  }
}

package io.vioemu.fabric.kernel;

/** Ends a partition's run with a one-line reason that names what failed (entity, peer, window). */
public final class PartitionFailure extends RuntimeException {
  public PartitionFailure(String reason) {
    super(reason, null, false, false);
  }
}

package io.vioemu.fabric.transport;

/**
 * Unrecoverable transport failure on the sending or connecting side. Unchecked because callers (the
 * synchronization kernel) cannot do anything sensible except abort the run.
 */
public final class FabricException extends RuntimeException {
  public FabricException(String message) {
    super(message);
  }

  public FabricException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.vioemu.fabric.kernel;

/**
 * Thrown when an entity would handle or create an event in its own past, or send to another entity
 * with less than the lookahead. Either means the synchronization or the model is wrong; the run
 * stops rather than produce results that depend on timing.
 */
public final class CausalityViolation extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CausalityViolation(String message) {
    super(message);
  }
}

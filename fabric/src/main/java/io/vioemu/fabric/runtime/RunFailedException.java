package io.vioemu.fabric.runtime;

/** A run that could not complete; the message is one line meant for the user. */
public final class RunFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RunFailedException(String message) {
    super(message);
  }
}

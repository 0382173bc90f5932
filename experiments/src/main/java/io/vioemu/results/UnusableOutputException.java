package io.vioemu.results;

import java.io.IOException;

/**
 * The output directory cannot take a run's results: it is {@code /}, a file, not writable, not a
 * run's directory, or another run holds its lock. The message is one line naming the directory.
 */
public final class UnusableOutputException extends IOException {
  private static final long serialVersionUID = 1L;

  public UnusableOutputException(String message) {
    super(message);
  }
}

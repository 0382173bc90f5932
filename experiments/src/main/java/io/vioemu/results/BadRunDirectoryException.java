package io.vioemu.results;

import java.io.IOException;

/**
 * The directory is not a run's output directory, or its metrics.json is missing or corrupt: the
 * report cannot be built. The message names the file (and line and column when known).
 */
public final class BadRunDirectoryException extends IOException {
  private static final long serialVersionUID = 1L;

  public BadRunDirectoryException(String message) {
    super(message);
  }
}

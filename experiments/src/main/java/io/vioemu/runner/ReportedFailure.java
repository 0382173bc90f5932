package io.vioemu.runner;

/** A failure whose one-line message has already been printed; only the exit code is left to set. */
public final class ReportedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ReportedFailure(Throwable cause) {
    super(cause.getMessage(), cause);
  }
}

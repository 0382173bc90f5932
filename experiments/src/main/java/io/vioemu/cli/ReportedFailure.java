package io.vioemu.cli;

/** A failure whose one-line message has already been printed; only the exit code is left to set. */
final class ReportedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ReportedFailure(Throwable cause) {
    super(cause.getMessage(), cause);
  }
}

package io.vioemu.lang;

/** Bad input found after parsing (an out-of-range value, a bad file): exit code 2. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}

package io.vioemu.lang;

/** Error messages as the CLI prints them: one line each, so a log keeps one error per line. */
public final class Messages {
  private Messages() {}

  /** The exception's message (or the exception itself, when it has none) on one line. */
  public static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.replace('\n', ' ').replace('\r', ' ').strip();
  }
}

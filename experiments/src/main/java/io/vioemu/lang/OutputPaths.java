package io.vioemu.lang;

/** What an output directory named in an experiment file may be: a plain relative path. */
final class OutputPaths {
  private OutputPaths() {}

  /**
   * Why {@code v} is not a plain relative path (one or more names joined by '/', none of them
   * {@code .} or {@code ..}, no control character, no backslash), or null if it is one.
   */
  static String whyNotPlain(String v) {
    if (v.startsWith("/") || v.matches("[A-Za-z]:.*") || v.startsWith("~")) {
      return "expected a relative directory (results stay under the working directory)";
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return "a control character or backslash in a directory name is refused";
      }
    }
    for (String part : v.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return "expected plain names joined by '/' (no '.', '..' or empty part)";
      }
    }
    return null;
  }
}

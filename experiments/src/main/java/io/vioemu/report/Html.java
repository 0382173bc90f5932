package io.vioemu.report;

/** Escaping for text and attribute values in report.html. */
final class Html {
  private Html() {}

  /** Text safe in an element's content and in a quoted attribute value. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // C0 controls other than tab and line breaks are not allowed in HTML text.
          if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
            out.append('\ufffd');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}

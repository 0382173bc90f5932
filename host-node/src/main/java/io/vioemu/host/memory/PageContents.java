package io.vioemu.host.memory;

/**
 * What has been written to a page: a version (the write count) and the last writer. Data bytes are
 * not modelled; a changed version is what tells that a write happened.
 */
record PageContents(long writes, String lastWriter, long lastWritePs) {

  static final PageContents NEVER_WRITTEN = new PageContents(0, "", 0);

  PageContents next(String writer, long nowPs) {
    return new PageContents(writes + 1, writer, nowPs);
  }
}

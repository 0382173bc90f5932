package io.vioemu.host.memory;

/**
 * One host page as seen from outside: its owner and its write history.
 *
 * @param writes how many times the page was written since the host started (its content version)
 * @param lastWriter who wrote it last, e.g. {@code "device 7 of vm2"}; empty if never written
 * @param lastWritePs when it was last written; 0 if never
 */
public record PageState(long page, Owner owner, long writes, String lastWriter, long lastWritePs) {

  static PageState of(long page, Owner owner, PageContents c) {
    return new PageState(page, owner, c.writes(), c.lastWriter(), c.lastWritePs());
  }
}

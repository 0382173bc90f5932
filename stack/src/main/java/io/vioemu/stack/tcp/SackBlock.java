package io.vioemu.stack.tcp;

/**
 * One block of a SACK option (RFC 2018 section 3): the receiver holds the data bytes {@code [start,
 * end)}, above a hole. {@code end} is the first byte after the block (RFC 2018's "Right Edge").
 */
public record SackBlock(long start, long end) {
  public SackBlock {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("SACK block [" + start + ", " + end + ") is empty");
    }
  }

  public long lenBytes() {
    return end - start;
  }

  /** Whether every byte of {@code other} is in this block. */
  public boolean contains(SackBlock other) {
    return start <= other.start && other.end <= end;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}

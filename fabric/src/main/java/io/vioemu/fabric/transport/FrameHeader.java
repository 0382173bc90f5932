package io.vioemu.fabric.transport;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The frame around every protobuf body: a 16-byte header (magic, version, type, the run's tag) in
 * front, the 32-byte HMAC-SHA256 of header and body (under the run's {@link FabricKey}, bound to
 * the receiving partition) behind. The header lets a receiver drop stray or foreign traffic and
 * frames of another run cheaply, before it computes a MAC or parses anything; the MAC lets it drop
 * everything a key holder did not send. Version 2 added the tag and the MAC.
 */
final class FrameHeader {
  static final int MAGIC = 0x56494F46; // "VIOF"
  static final short VERSION = 2;
  static final short TYPE_WINDOW_BATCH = 1;
  static final int LENGTH_BYTES = 16;

  /** Header and MAC: what a frame adds to its body. */
  static final int OVERHEAD_BYTES = LENGTH_BYTES + FrameMac.LENGTH_BYTES;

  private static final int MAGIC_OFFSET = 0;
  private static final int VERSION_OFFSET = 4;
  private static final int TYPE_OFFSET = 6;
  private static final int RUN_TAG_OFFSET = 8;
  private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

  private FrameHeader() {}

  static void writeWindowBatch(MutableDirectBuffer buffer, int offset, long runTag) {
    buffer.putInt(offset + MAGIC_OFFSET, MAGIC, ORDER);
    buffer.putShort(offset + VERSION_OFFSET, VERSION, ORDER);
    buffer.putShort(offset + TYPE_OFFSET, TYPE_WINDOW_BATCH, ORDER);
    buffer.putLong(offset + RUN_TAG_OFFSET, runTag, ORDER);
  }

  static long runTag(DirectBuffer buffer, int offset) {
    return buffer.getLong(offset + RUN_TAG_OFFSET, ORDER);
  }

  /** Returns null when the header is acceptable, otherwise the reason to drop the frame. */
  static String rejectReason(DirectBuffer buffer, int offset, int length) {
    if (length < OVERHEAD_BYTES) {
      return "too short (" + length + " bytes, header and MAC need " + OVERHEAD_BYTES + ")";
    }
    int magic = buffer.getInt(offset + MAGIC_OFFSET, ORDER);
    if (magic != MAGIC) {
      return String.format("bad magic 0x%08X", magic);
    }
    short version = buffer.getShort(offset + VERSION_OFFSET, ORDER);
    if (version != VERSION) {
      return "unsupported version " + version;
    }
    short type = buffer.getShort(offset + TYPE_OFFSET, ORDER);
    if (type != TYPE_WINDOW_BATCH) {
      return "unknown type " + type;
    }
    return null;
  }
}

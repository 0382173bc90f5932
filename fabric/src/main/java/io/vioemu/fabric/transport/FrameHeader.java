package io.vioemu.fabric.transport;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The 8-byte prefix in front of every protobuf body: magic, version, type. It lets a receiver
 * reject stray or foreign traffic on the port cheaply, before handing bytes to the protobuf parser,
 * and leaves room to evolve the wire format.
 */
final class FrameHeader {
  static final int MAGIC = 0x56494F46; // "VIOF"
  static final short VERSION = 1;
  static final short TYPE_WINDOW_BATCH = 1;
  static final int LENGTH_BYTES = 8;

  private static final int MAGIC_OFFSET = 0;
  private static final int VERSION_OFFSET = 4;
  private static final int TYPE_OFFSET = 6;
  private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

  private FrameHeader() {}

  static void writeWindowBatch(MutableDirectBuffer buffer, int offset) {
    buffer.putInt(offset + MAGIC_OFFSET, MAGIC, ORDER);
    buffer.putShort(offset + VERSION_OFFSET, VERSION, ORDER);
    buffer.putShort(offset + TYPE_OFFSET, TYPE_WINDOW_BATCH, ORDER);
  }

  /** Returns null when the header is acceptable, otherwise the reason to drop the frame. */
  static String rejectReason(DirectBuffer buffer, int offset, int length) {
    if (length < LENGTH_BYTES) {
      return "too short (" + length + " bytes, header needs " + LENGTH_BYTES + ")";
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

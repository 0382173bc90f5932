package io.vioemu.fabric.ethernet;

/**
 * How a model's upper-layer packets ride in frames across JVMs. A kind number names each packet
 * type (0 is reserved for "no body"); the bytes are the model's own schema.
 */
public interface BodyCodec {
  int kindOf(Object body);

  byte[] encode(Object body);

  Object decode(int kind, byte[] bytes);

  /** No bodies at all: a frame with one is refused loudly rather than stripped. */
  BodyCodec NONE =
      new BodyCodec() {
        @Override
        public int kindOf(Object body) {
          throw new IllegalArgumentException(
              "this model's frames carry no bodies, got a " + body.getClass().getName());
        }

        @Override
        public byte[] encode(Object body) {
          throw new IllegalStateException("unreachable");
        }

        @Override
        public Object decode(int kind, byte[] bytes) {
          throw new IllegalArgumentException("unknown frame body kind " + kind);
        }
      };
}

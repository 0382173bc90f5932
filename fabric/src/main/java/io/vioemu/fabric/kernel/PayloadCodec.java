package io.vioemu.fabric.kernel;

/** Encodes an event payload for the fabric wire; inside one JVM payloads travel as objects. */
public interface PayloadCodec {

  /** A new array for each call: the caller keeps it (without copying) until it is sent. */
  byte[] encode(int kind, Object payload);

  Object decode(int kind, byte[] bytes);

  /** For models whose events carry no payload: anything else is a model bug. */
  PayloadCodec NONE =
      new PayloadCodec() {
        @Override
        public byte[] encode(int kind, Object payload) {
          if (payload != null) {
            throw new IllegalStateException(
                "event kind " + kind + " has a payload but the model has no codec");
          }
          return null;
        }

        @Override
        public Object decode(int kind, byte[] bytes) {
          return null;
        }
      };
}

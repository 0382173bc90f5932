package io.vioemu.fabric.kernel;

/** Test models that declare only latencies: entities are supplied by the test itself. */
final class Channels {
  private Channels() {}

  /** Every channel has the same latency, the lookahead. */
  static Model uniform(long lookaheadPs) {
    return slowChannel(lookaheadPs, -1, -1, lookaheadPs);
  }

  /** One channel, {@code src → dst}, is slower than the lookahead. */
  static Model slowChannel(long lookaheadPs, int src, int dst, long slowPs) {
    return new Model() {
      @Override
      public int entityCount() {
        return 8;
      }

      @Override
      public long lookaheadPs() {
        return lookaheadPs;
      }

      @Override
      public long channelLatencyPs(int s, int d) {
        return s == src && d == dst ? slowPs : lookaheadPs;
      }

      @Override
      public Entity createEntity(int entityId) {
        throw new UnsupportedOperationException("entities come from the test");
      }
    };
  }
}

package io.vioemu.fabric.kernel;

/**
 * A configured model: how many entities, the smallest latency of any channel between two
 * distinct entities (the lookahead), and how to build each entity.
 *
 * <p>Every JVM of a run builds the same model from the same parameters and creates only the
 * entities it hosts, so {@link #createEntity} must depend on the id and parameters alone.
 */
public interface Model {

  int entityCount();

  /** Minimum latency of every channel between distinct entities, in picoseconds; > 0. */
  long lookaheadPs();

  Entity createEntity(int entityId);

  /** How payloads cross JVMs; models without payloads keep the default. */
  default PayloadCodec payloadCodec() {
    return PayloadCodec.NONE;
  }
}

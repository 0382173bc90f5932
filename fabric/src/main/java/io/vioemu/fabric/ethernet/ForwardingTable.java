package io.vioemu.fabric.ethernet;

/** How a switch chooses the output port of a frame. */
public interface ForwardingTable {
  /** Returned by {@link #route} for "send out of every port but the ingress". */
  int FLOOD = -1;

  /** Called for every frame that arrives, before it is routed (learning tables learn here). */
  default void observe(int ingressPort, Frame frame) {}

  /** The output port for {@code frame}, or {@link #FLOOD}. */
  int route(int ingressPort, Frame frame);

  /**
   * Whether a flooded frame that came in on {@code ingressPort} goes out of {@code port}: every
   * other port, unless the table splits its horizon (a routed fabric floods down only what came
   * down, or a flood would loop through the tiers).
   */
  default boolean floodsTo(int ingressPort, int port) {
    return port != ingressPort;
  }
}

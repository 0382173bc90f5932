/**
 * Ethernet as the fabric carries it: frames with their real wire size, full-duplex links that
 * serialize at the sender and propagate, output-queued ports with byte buffers and drop-tail, and
 * learning store-and-forward switches.
 *
 * <p>The models ({@link io.vioemu.fabric.ethernet.TxPortModel}, {@link
 * io.vioemu.fabric.ethernet.SwitchModel}) are pure Java and take time as an argument; entities
 * adapt them to the kernel. A frame crosses a link as one kernel event delivered when its last bit
 * arrives, so a link's minimum latency (its lookahead) is its propagation delay plus the
 * serialization time of the smallest frame.
 */
package io.vioemu.fabric.ethernet;

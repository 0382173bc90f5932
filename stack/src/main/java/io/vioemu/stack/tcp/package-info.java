/**
 * TCP and UDP as a host's kernel runs them: connections with real sequence space, windows,
 * timestamps, Nagle and delayed ACKs, slow start and congestion avoidance (NewReno, CUBIC), fast
 * retransmit and recovery (SACK-based, RFC 2018 and RFC 6675, or NewReno), retransmission timeouts
 * with backoff. Pure Java: time is an argument, and everything a connection needs from its host
 * comes through {@link io.vioemu.stack.tcp.TcpPorts}.
 */
package io.vioemu.stack.tcp;

/**
 * UDP as a host's kernel runs it: datagrams with real headers, a send buffer that blocks the
 * application while its datagrams wait below it, and a receive buffer that drops when full. Pure
 * Java.
 */
package io.vioemu.stack.udp;

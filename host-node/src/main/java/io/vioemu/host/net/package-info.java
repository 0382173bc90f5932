/**
 * Bare-metal hosts on the fabric: a NIC (the fabric's transmit port and a receive ring) driven by
 * software whose every step costs cycles on a specific core, taken from a cost profile.
 */
package io.vioemu.host.net;

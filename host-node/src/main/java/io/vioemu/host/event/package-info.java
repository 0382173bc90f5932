/**
 * Typed event kinds for the host and guest models: each entity's kinds are one enum implementing
 * {@link io.vioemu.host.event.EventKind}, mapped to and from the kernel's int kind at the entity's
 * boundary ({@link io.vioemu.host.event.EventTable}).
 */
package io.vioemu.host.event;

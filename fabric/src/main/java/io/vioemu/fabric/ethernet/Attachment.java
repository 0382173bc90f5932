package io.vioemu.fabric.ethernet;

/** The far end of a port's link: which entity, and which of its ports. */
public record Attachment(int peerEntity, int peerPort) {}

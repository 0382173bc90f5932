package io.vioemu.fabric.runtime;

/** Marker for control-plane messages that may cross JVMs; bound to {@link ControlSerializer}. */
public interface ControlMessage {}

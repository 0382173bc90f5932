package io.vioemu.fabric.ethernet;

import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.EntityContext;
import io.vioemu.fabric.kernel.TimedEvent;

/** A NIC that accepts frames addressed to it and records when they arrived. */
final class CountingSink implements Entity {
  private final long mac;
  long frames;
  long payloadBytes;
  long firstPs = -1;
  long lastPs = -1;
  long foreignFrames;

  CountingSink(long mac) {
    this.mac = mac;
  }

  @Override
  public void onStart(EntityContext ctx) {}

  @Override
  public void onEvent(TimedEvent event, EntityContext ctx) {
    Frame f = (Frame) event.payload();
    if (f.dstMac() != mac) {
      foreignFrames++;
      return;
    }
    frames++;
    payloadBytes += f.payloadBytes();
    if (firstPs < 0) {
      firstPs = ctx.nowPs();
    }
    lastPs = ctx.nowPs();
  }
}

package io.vioemu.host.memory;

/**
 * What one device did to one page that is not its owner's.
 *
 * @param count accesses
 * @param bytes bytes read or written in all of them
 */
public record Damage(
    long hostPage,
    Owner victim,
    int device,
    Owner deviceOwner,
    DmaAccess access,
    long count,
    long bytes,
    long firstPs,
    long lastPs) {

  static Damage of(DmaRecord r) {
    return new Damage(
        r.hostPage(),
        r.pageOwner(),
        r.device(),
        r.deviceOwner(),
        r.access(),
        1,
        r.bytes(),
        r.atPs(),
        r.atPs());
  }

  Damage plus(DmaRecord r) {
    return new Damage(
        hostPage,
        victim,
        device,
        deviceOwner,
        access,
        count + 1,
        bytes + r.bytes(),
        Math.min(firstPs, r.atPs()),
        Math.max(lastPs, r.atPs()));
  }
}

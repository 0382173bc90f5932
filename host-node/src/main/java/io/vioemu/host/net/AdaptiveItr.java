package io.vioemu.host.net;

import java.util.Locale;

/**
 * Adaptive interrupt moderation as Intel's e1000 family of Linux drivers does it (e1000, e1000e and
 * igb: {@code e1000_update_itr} and {@code e1000_set_itr}, read, not copied): after each poll the
 * driver classes the traffic of that poll, by its packets and bytes, as lowest latency, low latency
 * or bulk, each class with an interrupt rate (70,000, 20,000 and 4,000 interrupts/s), moves to the
 * class's rate at once when it falls and by a quarter of it per poll when it rises (a bias toward
 * bulk), and writes the ITR register in 256 ns units. The conservative mode (the drivers' default,
 * InterruptThrottleRate=3) never uses the lowest-latency class. The classing thresholds are the
 * drivers' (bytes per packet above 8,000 counts as TSO or jumbo bulk, and so on, in {@link #next}).
 * Pure Java.
 */
public final class AdaptiveItr {
  /** The drivers' traffic classes and their interrupt rates. */
  enum Latency {
    LOWEST(70_000),
    LOW(20_000),
    BULK(4_000);

    final long interruptsPerSec;

    Latency(long interruptsPerSec) {
      this.interruptsPerSec = interruptsPerSec;
    }
  }

  /** Whether the driver adapts, and how. */
  public enum Mode {
    OFF,
    DYNAMIC,
    CONSERVATIVE;

    public String paramName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Mode fromParam(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /** The ITR register counts in 256 ns units. */
  static final long ITR_UNIT_PS = 256_000;

  /** The rate the drivers start at in both adaptive modes (e1000_param.c). */
  static final long INITIAL_INTERRUPTS_PER_SEC = 20_000;

  private final boolean conservative;
  private Latency latency = Latency.LOWEST;
  private long interruptsPerSec = INITIAL_INTERRUPTS_PER_SEC;

  /** Null for {@link Mode#OFF}. */
  public static AdaptiveItr of(Mode mode) {
    return mode == Mode.OFF ? null : new AdaptiveItr(mode == Mode.CONSERVATIVE);
  }

  AdaptiveItr(boolean conservative) {
    this.conservative = conservative;
  }

  /** The interval the ITR register holds now. */
  public long intervalPs() {
    long units = 1_000_000_000L / (interruptsPerSec * 256);
    return units * ITR_UNIT_PS;
  }

  public long interruptsPerSec() {
    return interruptsPerSec;
  }

  /** A poll took {@code packets} packets of {@code bytes}: returns the next interval. */
  public long update(long packets, long bytes) {
    latency = next(latency, packets, bytes);
    if (conservative && latency == Latency.LOWEST) {
      latency = Latency.LOW;
    }
    long target = latency.interruptsPerSec;
    interruptsPerSec =
        target > interruptsPerSec ? Math.min(interruptsPerSec + target / 4, target) : target;
    return intervalPs();
  }

  /** The class after a poll of {@code packets} packets and {@code bytes} in class {@code now}. */
  static Latency next(Latency now, long packets, long bytes) {
    if (packets == 0) {
      return now;
    }
    long perPacket = bytes / packets;
    return switch (now) {
      case LOWEST -> {
        if (perPacket > 8_000) {
          yield Latency.BULK; // TSO or jumbo frames
        }
        yield packets < 5 && bytes > 512 ? Latency.LOW : Latency.LOWEST;
      }
      case LOW -> {
        if (bytes > 10_000) {
          if (perPacket > 8_000 || packets < 10 || perPacket > 1_200) {
            yield Latency.BULK;
          }
          yield packets > 35 ? Latency.LOWEST : Latency.LOW;
        }
        if (perPacket > 2_000) {
          yield Latency.BULK;
        }
        yield packets <= 2 && bytes < 512 ? Latency.LOWEST : Latency.LOW;
      }
      case BULK -> {
        if (bytes > 25_000) {
          yield packets > 35 ? Latency.LOW : Latency.BULK;
        }
        yield bytes < 6_000 ? Latency.LOW : Latency.BULK;
      }
    };
  }
}

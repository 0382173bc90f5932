package io.vioemu.results;

import io.vioemu.fabric.runtime.ExchangeFigures;
import io.vioemu.fabric.transport.Rejection;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * settings.json and run.json: what reproduces a run, and what depends on the machine.
 *
 * @param seed the seed the run used (from the file, --set or --seed)
 * @param jvms the JVMs it ran on
 * @param sets the --set arguments, in command-line order
 * @param placement the placement strategy's name
 * @param points a sweep's points, or 0 for a single run
 * @param setupNanos wall time spent setting up the runs
 * @param runNanos wall time spent running them
 * @param events the events of all points
 * @param partitionsPerJvm partitions (threads) per JVM (the most of any point)
 * @param workers threads per partition that ran its entities
 * @param windows synchronization windows of all points (they depend on where partitions are cut)
 * @param exchange what the window exchanges cost, all points together
 */
public record RunInfo(
    long seed,
    int jvms,
    List<String> sets,
    String placement,
    int points,
    long setupNanos,
    long runNanos,
    long events,
    int partitionsPerJvm,
    int workers,
    long windows,
    ExchangeFigures exchange) {

  public RunInfo {
    sets = List.copyOf(sets);
  }

  /** A run of one partition per JVM whose windows and exchanges were not counted. */
  public RunInfo(
      long seed,
      int jvms,
      List<String> sets,
      String placement,
      int points,
      long setupNanos,
      long runNanos,
      long events) {
    this(
        seed,
        jvms,
        sets,
        placement,
        points,
        setupNanos,
        runNanos,
        events,
        1,
        1,
        0,
        ExchangeFigures.NONE);
  }

  /**
   * {@code {"seed":N,"jvms":N,"set":["k=v",..]}}: with experiment.yaml, what {@code vioemu run
   * experiment.yaml --seed N --jvms N --set ..} needs to run it again.
   */
  public String settingsJson() {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeNumberField("seed", seed);
          g.writeNumberField("jvms", jvms);
          g.writeArrayFieldStart("set");
          for (String s : sets) {
            g.writeString(s);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /**
   * JVMs, partitions and workers, placement, (a sweep's points,) set-up and run wall time, events
   * per second, windows and what their exchanges cost, and the datagrams the fabric dropped
   * unapplied (forged, stale or replayed: see {@link Rejection}).
   */
  public String runJson() {
    double runSeconds = runNanos / 1e9;
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeNumberField("jvms", jvms);
          g.writeNumberField("partitions", jvms * partitionsPerJvm);
          g.writeNumberField("workers", workers);
          g.writeStringField("placement", placement);
          if (points > 0) {
            g.writeNumberField("points", points);
          }
          g.writeNumberField("setupSeconds", fixed("%.3f", setupNanos / 1e9));
          g.writeNumberField("wallSeconds", fixed("%.3f", runSeconds));
          g.writeNumberField("eventsPerSecond", fixed("%.0f", events / Math.max(runSeconds, 1e-9)));
          g.writeNumberField("windows", windows);
          g.writeObjectFieldStart("exchange");
          g.writeNumberField("barriers", exchange.barriers());
          g.writeNumberField("meanWaitNs", fixed("%.0f", exchange.meanWaitNs()));
          g.writeNumberField("p50WaitNs", exchange.p50WaitNs());
          g.writeNumberField("p99WaitNs", exchange.p99WaitNs());
          g.writeNumberField("batchesSent", exchange.batchesSent());
          g.writeNumberField("eventsSent", exchange.eventsSent());
          g.writeNumberField("bytesSent", exchange.bytesSent());
          g.writeEndObject();
          g.writeObjectFieldStart("rejectedDatagrams");
          for (Rejection reason : Rejection.values()) {
            g.writeNumberField(reason.jsonName(), exchange.rejected().count(reason));
          }
          g.writeNumberField("notAeron", exchange.rejected().notAeron());
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  private static BigDecimal fixed(String format, double value) {
    return new BigDecimal(String.format(Locale.ROOT, format, value));
  }
}

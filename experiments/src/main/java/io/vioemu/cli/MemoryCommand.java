package io.vioemu.cli;

import io.vioemu.fabric.kernel.Entity;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.lang.Experiment;
import io.vioemu.lang.Setting;
import io.vioemu.runner.ModelCheck;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vioemu bench memory FILE}: what an experiment's entities cost in heap once built, before
 * they run: the model is built, then its non-guest entities (hosts, switches), then its guests
 * (VMs), each step measured as heap used after a full GC. Queues and buffers that fill while the
 * run goes add to it; watch the run itself for the peak.
 */
@Command(
    name = "memory",
    mixinStandardHelpOptions = true,
    description =
        "Build an experiment's entities in this JVM and print one JSON line: heap per host entity"
            + " (hosts and switches) and per guest entity (VM), measured after a full GC.")
final class MemoryCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The experiment file.")
  Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "As 'run --set'.")
  List<String> sets = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Experiment e = ValidateCommand.check(file, Setting.parseAll(sets));
    Model model = ModelCheck.checkModel(e);
    long base = usedAfterGc();
    List<Entity> kept = new ArrayList<>();
    int guests = 0;
    for (int id = 0; id < model.entityCount(); id++) {
      if (!model.guestEntity(id)) {
        kept.add(model.createEntity(id));
      }
    }
    long hostsBytes = usedAfterGc() - base;
    for (int id = 0; id < model.entityCount(); id++) {
      if (model.guestEntity(id)) {
        kept.add(model.createEntity(id));
        guests++;
      }
    }
    long guestBytes = usedAfterGc() - base - hostsBytes;
    int others = model.entityCount() - guests;
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        String.format(
            Locale.ROOT,
            "{\"experiment\":\"%s\",\"entities\":%d,\"hostEntities\":%d,\"guestEntities\":%d,"
                + "\"hostEntityBytes\":%d,\"guestEntityBytes\":%d,\"heapBytes\":%d,"
                + "\"maxHeapBytes\":%d}",
            e.name(),
            kept.size(),
            others,
            guests,
            others == 0 ? 0 : hostsBytes / others,
            guests == 0 ? 0 : guestBytes / guests,
            hostsBytes + guestBytes,
            Runtime.getRuntime().maxMemory()));
    out.flush();
    return Main.EXIT_OK;
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}

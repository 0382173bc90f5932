package io.vioemu.fabric.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.vioemu.fabric.transport.EmbeddedAeron;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * One vioemu JVM in its cluster: the actor system, the node agent, and (created on first need) the
 * embedded Aeron media driver.
 */
public final class ClusterRuntime implements AutoCloseable {
  public static final String SYSTEM_NAME = "vioemu";

  /**
   * A member's role that carries the name it goes by (a pod's name), so that a run that loses it
   * can say which pod it was; never one of the roles that place partitions.
   */
  static final String POD_ROLE_PREFIX = "pod:";

  private final ActorSystem<Void> system;
  private final AeronHolder aeron;
  private final CompletableFuture<Done> memberUp = new CompletableFuture<>();
  private final AtomicLong localSafeTimePs = new AtomicLong();
  private final Duration nodesJoinTimeout;
  private final AtomicLong runs = new AtomicLong();

  /** This runner process among all that ever join a node: pid and start time. */
  private static final String RUNNER_ID =
      Long.toString(ProcessHandle.current().pid(), 36)
          + Long.toString(System.currentTimeMillis() % 1_000_000L, 36);

  private ClusterRuntime(NodeSettings settings, Config config) {
    this.aeron = new AeronHolder(settings.aeronDir());
    Duration connectTimeout = config.getDuration("vioemu.runtime.peers-connect-timeout");
    this.nodesJoinTimeout = config.getDuration("vioemu.runtime.nodes-join-timeout");
    BarrierIdle idle = BarrierIdle.fromConfig(config.getString("vioemu.runtime.barrier-idle"));
    Duration stallTimeout = config.getDuration("vioemu.runtime.window-stall-timeout");
    WarmUp warmUp = WarmUp.fromConfig(config, "vioemu.runtime.warm-up");
    String aeronEndpoint = settings.hostname() + ":" + settings.aeronPort();
    this.system =
        ActorSystem.create(
            guardian(
                aeron,
                aeronEndpoint,
                connectTimeout,
                idle,
                stallTimeout,
                warmUp,
                localSafeTimePs::set),
            SYSTEM_NAME,
            config);
    // qualified: the classic Cluster (registerOnMemberUp); the typed Cluster is the one imported
    org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system))
        .registerOnMemberUp(() -> memberUp.complete(Done.done()));
    system
        .getWhenTerminated()
        .thenRun(() -> memberUp.completeExceptionally(new RunFailedException("node stopped")));
    if (settings.bootstrap() == Bootstrap.KUBERNETES) {
      KubernetesBootstrap.start(system);
    } else if (settings.seedNodes().isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  /** Starts the actor system and joins (or founds) the cluster; does not wait for membership. */
  public static ClusterRuntime start(NodeSettings settings) {
    return new ClusterRuntime(settings, config(settings));
  }

  private static Behavior<Void> guardian(
      Supplier<EmbeddedAeron> aeron,
      String aeronEndpoint,
      Duration connectTimeout,
      BarrierIdle idle,
      Duration stallTimeout,
      WarmUp warmUp,
      LongConsumer safeTimePs) {
    return Behaviors.setup(
        ctx -> {
          ctx.spawn(
              NodeAgent.create(
                  aeron, aeronEndpoint, connectTimeout, idle, stallTimeout, warmUp, safeTimePs),
              "agent");
          return Behaviors.empty();
        });
  }

  static Config config(NodeSettings settings) {
    List<String> seeds = new ArrayList<>();
    for (String s : settings.seedNodes()) {
      seeds.add("pekko://" + SYSTEM_NAME + "@" + s);
    }
    Config tls =
        settings.tls() == null
            ? ConfigFactory.empty()
            : ConfigFactory.parseMap(settings.tls().pekkoSettings(), "--tls");
    List<String> roles = new ArrayList<>(settings.roles());
    if (!settings.podName().isEmpty()) {
      roles.add(POD_ROLE_PREFIX + settings.podName());
    }
    Config vioemu =
        ConfigFactory.parseResources(ClusterRuntime.class.getClassLoader(), "vioemu-pekko.conf");
    if (settings.bootstrap() == Bootstrap.KUBERNETES) {
      vioemu = KubernetesBootstrap.config(settings).withFallback(vioemu);
    }
    return ConfigFactory.empty()
        .withValue(
            "pekko.remote.artery.canonical.hostname",
            ConfigValueFactory.fromAnyRef(settings.hostname()))
        .withValue(
            "pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(settings.port()))
        .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles))
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
        .withFallback(tls)
        .withFallback(ConfigFactory.systemProperties())
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(vioemu)
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  /** {@code host:port} of this node's Pekko endpoint, what other nodes use as a seed. */
  public String hostPort() {
    Address a = Cluster.get(system).selfMember().address();
    return a.getHost().get() + ":" + a.getPort().get();
  }

  /**
   * Progress of the run this JVM takes part in, for a progress display: the simulated time (ps)
   * before which every partition has processed every event, as this JVM's partition last saw it (0
   * from the moment a partition is assigned; the run's end time once it is over). Safe to read from
   * any thread; reading it cannot affect the run.
   */
  public long localSafeTimePs() {
    return localSafeTimePs.get();
  }

  public CompletionStage<Done> memberUp() {
    return memberUp;
  }

  public CompletionStage<Done> terminated() {
    return system.getWhenTerminated();
  }

  /**
   * Runs a model across {@code spec.partitions()} node agents (this one included) and waits for the
   * result.
   *
   * @param progress receives one-line progress messages (nodes joined, run started)
   * @param onCoordinator receives the coordinator, e.g. to tell it about exited JVMs
   * @throws RunFailedException with a one-line reason
   */
  public RunResult run(
      RunSpec given,
      Duration timeout,
      Consumer<String> progress,
      Consumer<ActorRef<RunCoordinator.Command>> onCoordinator) {
    CompletableFuture<RunResult> outcome = new CompletableFuture<>();
    // Unique across runners: a node that served a killed runner's run must tell its leftovers
    // (a late failure, say) from the next run's, which may have the same name.
    RunSpec spec = given.withRunId(given.runId() + "." + RUNNER_ID + "." + runs.incrementAndGet());
    var coordinator =
        system.systemActorOf(
            RunCoordinator.create(spec, outcome, nodesJoinTimeout, progress),
            "run-" + spec.runId(),
            Props.empty());
    onCoordinator.accept(coordinator);
    try {
      return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RunFailedException r) {
        throw r;
      }
      throw new RunFailedException(String.valueOf(e.getCause()));
    } catch (TimeoutException e) {
      throw new RunFailedException(
          "run " + spec.runId() + " did not finish within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunFailedException("interrupted");
    }
  }

  /** Asks every other node of the cluster to stop (the JVMs this runner started). */
  public void shutdownOtherNodes(String reason) {
    system.systemActorOf(
        ShutdownBroadcast.create(reason), "shutdown-" + System.nanoTime(), Props.empty());
  }

  /**
   * Starts the embedded Aeron media driver in the background, so that it is up by the time a
   * multi-JVM run needs it instead of adding its start-up to the run's set-up.
   */
  public void prepareFabric() {
    CompletableFuture.runAsync(aeron::get);
  }

  /**
   * Leaves the cluster gracefully, then closes: for a runner that joined long-lived nodes, which
   * would otherwise keep it as an unreachable member.
   */
  public void leaveAndClose() {
    try {
      CoordinatedShutdown.get(system)
          .runAll(CoordinatedShutdown.clusterLeavingReason())
          .toCompletableFuture()
          .get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Leaving is a courtesy to the other nodes; closing goes ahead regardless.
    }
    close();
  }

  /** Stops this node at once, without a graceful leave (see {@link #leaveAndClose()}). */
  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Best effort: the JVM is about to exit or the test is over.
    }
    aeron.close();
  }

  /**
   * The directory of this JVM's media driver (starting it if need be), for JVMs on this machine
   * that should use it instead of their own.
   */
  public String aeronDirectory() {
    return aeron.get().driverDirectory();
  }

  /**
   * The embedded media driver starts only when a run spans JVMs; with a shared driver's directory,
   * only a client connects to it.
   */
  private static final class AeronHolder implements Supplier<EmbeddedAeron> {
    private final String sharedDir;
    private EmbeddedAeron aeron;

    AeronHolder(String sharedDir) {
      this.sharedDir = sharedDir;
    }

    @Override
    public synchronized EmbeddedAeron get() {
      if (aeron == null) {
        aeron = sharedDir.isEmpty() ? EmbeddedAeron.launch() : EmbeddedAeron.connect(sharedDir);
      }
      return aeron;
    }

    synchronized void close() {
      if (aeron != null) {
        aeron.close();
        aeron = null;
      }
    }
  }
}

package io.vioemu.fabric.runtime;

import io.vioemu.fabric.kernel.Mix;
import io.vioemu.fabric.transport.FabricKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The runner's side of one run: waits for enough node agents, gives each a partition, connects
 * their Aeron links, starts them together and folds their results into one {@link RunResult}. Any
 * partition failure, unreachable node or exited node process fails the run with a message that
 * names the node.
 */
public final class RunCoordinator extends AbstractBehavior<RunCoordinator.Command> {

  /** The coordinator's protocol. */
  public sealed interface Command {}

  public record PartitionBound(String runId, int partition, String endpoint)
      implements Command, ControlMessage {}

  public record PartitionReady(String runId, int partition) implements Command, ControlMessage {}

  public record PartitionResult(
      String runId,
      int partition,
      long events,
      long windows,
      int[] entityIds,
      long[] entityHashes,
      List<SortedMap<String, Long>> entityMetrics,
      ExchangeFigures exchange)
      implements Command, ControlMessage {}

  public record PartitionFailed(String runId, int partition, String reason)
      implements Command, ControlMessage {}

  /** A JVM that the runner started has exited. */
  public record NodeExited(String description) implements Command {}

  /** Stop the run now (a wall-time limit, say): it fails with {@code reason}. */
  public record Abort(String reason) implements Command {}

  private record AgentsListed(Receptionist.Listing listing) implements Command {}

  private record Reachability(ClusterEvent.ReachabilityEvent event) implements Command {}

  private record Membership(ClusterEvent.MemberEvent event) implements Command {}

  private enum JoinTimeout implements Command {
    INSTANCE
  }

  private final RunSpec spec;
  private final CompletableFuture<RunResult> outcome;
  private final Duration joinTimeout;
  private final Consumer<String> progress;
  private final long createdNanos = System.nanoTime();

  private List<ActorRef<NodeAgent.Command>> agents = List.of();
  private final List<Address> addresses = new ArrayList<>();
  private String[] endpoints;
  private PartitionResult[] results;
  private int currentAgentCount;
  private int bound;
  private int ready;
  private int finished;
  private long beginNanos;
  private boolean done;

  private RunCoordinator(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      RunSpec spec,
      CompletableFuture<RunResult> outcome,
      Duration joinTimeout,
      Consumer<String> progress) {
    super(ctx);
    this.progress = progress;
    this.spec = spec;
    this.outcome = outcome;
    this.joinTimeout = joinTimeout;
    this.endpoints = new String[spec.partitions()];
    this.results = new PartitionResult[spec.partitions()];
    ActorRef<Receptionist.Listing> listings =
        ctx.messageAdapter(Receptionist.Listing.class, AgentsListed::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(NodeAgent.KEY, listings));
    Cluster cluster = Cluster.get(ctx.getSystem());
    cluster
        .subscriptions()
        .tell(
            Subscribe.create(
                ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class, Reachability::new),
                ClusterEvent.ReachabilityEvent.class));
    cluster
        .subscriptions()
        .tell(
            Subscribe.create(
                ctx.messageAdapter(ClusterEvent.MemberEvent.class, Membership::new),
                ClusterEvent.MemberEvent.class));
    timers.startSingleTimer(JoinTimeout.INSTANCE, joinTimeout);
  }

  public static Behavior<Command> create(
      RunSpec spec,
      CompletableFuture<RunResult> outcome,
      Duration joinTimeout,
      Consumer<String> progress) {
    return Behaviors.withTimers(
        timers ->
            Behaviors.setup(
                ctx -> new RunCoordinator(ctx, timers, spec, outcome, joinTimeout, progress)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(AgentsListed.class, this::onAgentsListed)
        .onMessage(PartitionBound.class, this::onPartitionBound)
        .onMessage(PartitionReady.class, this::onPartitionReady)
        .onMessage(PartitionResult.class, this::onPartitionResult)
        .onMessage(
            PartitionFailed.class,
            m ->
                fail(
                    "partition "
                        + m.partition()
                        + " on "
                        + nodeName(m.partition())
                        + " failed: "
                        + m.reason()))
        .onMessage(NodeExited.class, m -> fail("lost node: " + m.description()))
        .onMessage(Abort.class, m -> fail(m.reason()))
        .onMessage(Reachability.class, this::onReachability)
        .onMessage(Membership.class, this::onMembership)
        .onMessage(
            JoinTimeout.class,
            m ->
                agents.isEmpty()
                    ? fail(
                        "only "
                            + currentAgentCount
                            + " of "
                            + spec.jvms()
                            + " nodes joined within "
                            + joinTimeout.toSeconds()
                            + " s")
                    : this)
        .build();
  }

  /** The listed agents with their nodes' roles, as the cluster's membership gives them. */
  private List<NodeOrder.Node<ActorRef<NodeAgent.Command>>> nodes(
      Set<ActorRef<NodeAgent.Command>> listed) {
    Cluster cluster = Cluster.get(getContext().getSystem());
    Map<Address, Set<String>> roles = new HashMap<>();
    for (Member m : cluster.state().getMembers()) {
      roles.put(m.address(), m.getRoles());
    }
    Address self = cluster.selfMember().address();
    List<NodeOrder.Node<ActorRef<NodeAgent.Command>>> out = new ArrayList<>();
    for (ActorRef<NodeAgent.Command> r : listed) {
      Address a = r.path().address();
      boolean local = a.hasLocalScope();
      Set<String> of = roles.getOrDefault(local ? self : a, Set.of());
      out.add(new NodeOrder.Node<>(r, local, a.toString(), of));
    }
    return out;
  }

  private Behavior<Command> onAgentsListed(AgentsListed msg) {
    Set<ActorRef<NodeAgent.Command>> listed = msg.listing().getServiceInstances(NodeAgent.KEY);
    currentAgentCount = listed.size();
    if (!agents.isEmpty() || listed.size() < spec.jvms()) {
      return this;
    }
    List<ActorRef<NodeAgent.Command>> sorted = NodeOrder.order(nodes(listed));
    agents = List.copyOf(sorted.subList(0, spec.jvms()));
    progress.accept(
        spec.jvms() + " node" + (spec.jvms() == 1 ? "" : "s") + " ready, placing partitions");
    Address self = Cluster.get(getContext().getSystem()).selfMember().address();
    for (ActorRef<NodeAgent.Command> a : agents) {
      addresses.add(a.path().address().hasLocalScope() ? self : a.path().address());
    }
    int each = spec.partitionsPerJvm();
    // fresh for every run: a frame of an earlier run, or a copy of one, never passes the MAC
    FabricKey fabricKey = FabricKey.random();
    for (int node = 0; node < agents.size(); node++) {
      agents
          .get(node)
          .tell(
              new NodeAgent.StartPartition(
                  spec.runId(),
                  node * each,
                  each,
                  spec.partitions(),
                  spec.model(),
                  spec.params(),
                  spec.seed(),
                  spec.endPs(),
                  spec.placement().configName(),
                  spec.workersPerPartition(),
                  fabricKey,
                  getContext().getSelf()));
    }
    return this;
  }

  private Behavior<Command> onPartitionBound(PartitionBound msg) {
    if (!current(msg.runId())) {
      return this;
    }
    endpoints[msg.partition()] = msg.endpoint();
    if (++bound == spec.partitions()) {
      if (spec.partitions() > 1) {
        progress.accept("partitions placed, connecting their Aeron links");
      }
      for (ActorRef<NodeAgent.Command> a : agents) {
        a.tell(new NodeAgent.ConnectPeers(spec.runId(), List.of(endpoints)));
      }
    }
    return this;
  }

  private Behavior<Command> onPartitionReady(PartitionReady msg) {
    if (!current(msg.runId())) {
      return this;
    }
    if (++ready == spec.partitions()) {
      progress.accept(
          "run "
              + spec.runId()
              + " started on "
              + spec.jvms()
              + " JVM"
              + (spec.jvms() == 1 ? "" : "s")
              + ", "
              + spec.partitions()
              + " partition"
              + (spec.partitions() == 1 ? "" : "s")
              + " ("
              + addresses
              + ")");
      beginNanos = System.nanoTime();
      for (ActorRef<NodeAgent.Command> a : agents) {
        a.tell(new NodeAgent.BeginRun(spec.runId()));
      }
    }
    return this;
  }

  private Behavior<Command> onPartitionResult(PartitionResult msg) {
    if (!current(msg.runId())) {
      return this;
    }
    results[msg.partition()] = msg;
    if (++finished < spec.partitions()) {
      return this;
    }
    long endNanos = System.nanoTime();
    long events = 0;
    long windows = results[0].windows();
    List<ExchangeFigures> exchanges = new ArrayList<>();
    for (PartitionResult r : results) {
      events += r.events();
      exchanges.add(r.exchange());
      if (r.windows() != windows) {
        return fail(
            "partitions disagree on the number of windows: " + windows + " vs " + r.windows());
      }
    }
    ByEntity gathered;
    try {
      gathered = ByEntity.gather(results);
    } catch (IllegalStateException e) {
      return fail(e.getMessage());
    }
    long[] all = gathered.hashes();
    List<SortedMap<String, Long>> metrics = gathered.metrics();
    done = true;
    endRun();
    outcome.complete(
        new RunResult(
            metrics,
            events,
            windows,
            Mix.combine(all),
            beginNanos - createdNanos,
            endNanos - beginNanos,
            spec.partitions(),
            spec.jvms(),
            ExchangeFigures.combine(exchanges)));
    return Behaviors.stopped();
  }

  private Behavior<Command> onReachability(Reachability msg) {
    if (msg.event() instanceof ClusterEvent.UnreachableMember u) {
      return lost(u.member(), "unreachable");
    }
    return this;
  }

  private Behavior<Command> onMembership(Membership msg) {
    if (msg.event() instanceof ClusterEvent.MemberRemoved r) {
      return lost(r.member(), "removed from the cluster");
    }
    if (msg.event() instanceof ClusterEvent.MemberLeft l) {
      return lost(l.member(), "left the cluster");
    }
    return this;
  }

  private Behavior<Command> lost(Member member, String how) {
    Address address = member.address();
    int node = addresses.indexOf(address);
    if (node < 0) {
      return this;
    }
    int first = node * spec.partitionsPerJvm();
    int last = first + spec.partitionsPerJvm() - 1;
    String which = first == last ? "partition " + first : "partitions " + first + "-" + last;
    String pod =
        member.getRoles().stream()
            .filter(r -> r.startsWith(ClusterRuntime.POD_ROLE_PREFIX))
            .map(r -> "pod " + r.substring(ClusterRuntime.POD_ROLE_PREFIX.length()) + ", ")
            .findFirst()
            .orElse("");
    return fail("lost node " + address + " (" + pod + which + "): " + how);
  }

  private Behavior<Command> fail(String reason) {
    if (done) {
      return this;
    }
    done = true;
    endRun();
    outcome.completeExceptionally(new RunFailedException(reason));
    return Behaviors.stopped();
  }

  private void endRun() {
    for (ActorRef<NodeAgent.Command> a : agents) {
      a.tell(new NodeAgent.EndRun(spec.runId()));
    }
  }

  private boolean current(String runId) {
    return !done && spec.runId().equals(runId);
  }

  private String nodeName(int partition) {
    int node = partition / spec.partitionsPerJvm();
    return node < addresses.size() ? addresses.get(node).toString() : "node ?";
  }

  /** Every partition's per-entity results, put in entity id order whatever the placement. */
  private record ByEntity(long[] hashes, List<SortedMap<String, Long>> metrics) {
    /**
     * @throws IllegalStateException if the partitions' entity ids are not each id of {@code 0 ..
     *     n-1} exactly once, or a partition's lists differ in length
     */
    static ByEntity gather(PartitionResult[] results) {
      int count = 0;
      for (PartitionResult r : results) {
        int n = r.entityIds().length;
        if (r.entityHashes().length != n || r.entityMetrics().size() != n) {
          throw new IllegalStateException(
              "partition "
                  + r.partition()
                  + " reported "
                  + n
                  + " entities but "
                  + r.entityHashes().length
                  + " hashes and "
                  + r.entityMetrics().size()
                  + " metric sets");
        }
        count += n;
      }
      long[] hashes = new long[count];
      List<SortedMap<String, Long>> metrics = new ArrayList<>(count);
      boolean[] seen = new boolean[count];
      for (int i = 0; i < count; i++) {
        metrics.add(null);
      }
      for (PartitionResult r : results) {
        int[] ids = r.entityIds();
        for (int k = 0; k < ids.length; k++) {
          int id = ids[k];
          if (id < 0 || id >= count || seen[id]) {
            throw new IllegalStateException(
                "partitions disagree on the placement: partition "
                    + r.partition()
                    + " reports entity "
                    + id
                    + " of "
                    + count
                    + ", which is out of range or"
                    + " reported twice");
          }
          seen[id] = true;
          hashes[id] = r.entityHashes()[k];
          metrics.set(id, r.entityMetrics().get(k));
        }
      }
      return new ByEntity(hashes, metrics);
    }
  }
}

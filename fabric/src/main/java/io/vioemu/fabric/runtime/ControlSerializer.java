package io.vioemu.fabric.runtime;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vioemu.fabric.transport.FabricKey;
import io.vioemu.proto.control.BeginRun;
import io.vioemu.proto.control.ConnectPeers;
import io.vioemu.proto.control.EndRun;
import io.vioemu.proto.control.EntityMetrics;
import io.vioemu.proto.control.Exchange;
import io.vioemu.proto.control.PartitionBound;
import io.vioemu.proto.control.PartitionFailed;
import io.vioemu.proto.control.PartitionReady;
import io.vioemu.proto.control.PartitionResult;
import io.vioemu.proto.control.Rejected;
import io.vioemu.proto.control.Shutdown;
import io.vioemu.proto.control.StartPartition;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Serializes the control plane ({@link ControlMessage}) with the schemas in {@code
 * proto/control.proto}. Actor references travel as their serialized path.
 */
public final class ControlSerializer extends SerializerWithStringManifest {
  private static final String START = "start";
  private static final String BOUND = "bound";
  private static final String CONNECT = "connect";
  private static final String READY = "ready";
  private static final String BEGIN = "begin";
  private static final String RESULT = "result";
  private static final String FAILED = "failed";
  private static final String END = "end";
  private static final String SHUTDOWN = "shutdown";

  private final ExtendedActorSystem system;
  private volatile ActorRefResolver resolver;

  public ControlSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return 7_301_001;
  }

  private ActorRefResolver resolver() {
    if (resolver == null) {
      resolver = ActorRefResolver.get(Adapter.toTyped(system));
    }
    return resolver;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof NodeAgent.StartPartition) {
      return START;
    } else if (o instanceof RunCoordinator.PartitionBound) {
      return BOUND;
    } else if (o instanceof NodeAgent.ConnectPeers) {
      return CONNECT;
    } else if (o instanceof RunCoordinator.PartitionReady) {
      return READY;
    } else if (o instanceof NodeAgent.BeginRun) {
      return BEGIN;
    } else if (o instanceof RunCoordinator.PartitionResult) {
      return RESULT;
    } else if (o instanceof RunCoordinator.PartitionFailed) {
      return FAILED;
    } else if (o instanceof NodeAgent.EndRun) {
      return END;
    } else if (o instanceof NodeAgent.Shutdown) {
      return SHUTDOWN;
    }
    throw new IllegalArgumentException("no control schema for " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof NodeAgent.StartPartition m) {
      return StartPartition.newBuilder()
          .setRunId(m.runId())
          .setPartition(m.partition())
          .setPartitions(m.partitions())
          .setModel(m.model())
          .putAllParams(m.params())
          .setSeed(m.seed())
          .setEndPs(m.endPs())
          .setPlacement(m.placement())
          .setCount(m.count())
          .setWorkers(m.workers())
          .setFabricKey(ByteString.copyFrom(m.fabricKey().bytes()))
          .setCoordinatorRef(resolver().toSerializationFormat(m.coordinator()))
          .build()
          .toByteArray();
    } else if (o instanceof RunCoordinator.PartitionBound m) {
      return PartitionBound.newBuilder()
          .setRunId(m.runId())
          .setPartition(m.partition())
          .setEndpoint(m.endpoint())
          .build()
          .toByteArray();
    } else if (o instanceof NodeAgent.ConnectPeers m) {
      return ConnectPeers.newBuilder()
          .setRunId(m.runId())
          .addAllEndpoints(m.endpoints())
          .build()
          .toByteArray();
    } else if (o instanceof RunCoordinator.PartitionReady m) {
      return PartitionReady.newBuilder()
          .setRunId(m.runId())
          .setPartition(m.partition())
          .build()
          .toByteArray();
    } else if (o instanceof NodeAgent.BeginRun m) {
      return BeginRun.newBuilder().setRunId(m.runId()).build().toByteArray();
    } else if (o instanceof RunCoordinator.PartitionResult m) {
      PartitionResult.Builder b =
          PartitionResult.newBuilder()
              .setRunId(m.runId())
              .setPartition(m.partition())
              .setEvents(m.events())
              .setWindows(m.windows());
      for (int id : m.entityIds()) {
        b.addEntityIds(id);
      }
      for (long h : m.entityHashes()) {
        b.addEntityHashes(h);
      }
      for (SortedMap<String, Long> values : m.entityMetrics()) {
        b.addEntityMetrics(EntityMetrics.newBuilder().putAllValues(values));
      }
      ExchangeFigures x = m.exchange();
      b.setExchange(
          Exchange.newBuilder()
              .setBarriers(x.barriers())
              .setMeanWaitNs(x.meanWaitNs())
              .setP50WaitNs(x.p50WaitNs())
              .setP99WaitNs(x.p99WaitNs())
              .setBatchesSent(x.batchesSent())
              .setEventsSent(x.eventsSent())
              .setBytesSent(x.bytesSent())
              .setRejected(
                  Rejected.newBuilder()
                      .setMalformed(x.rejected().malformed())
                      .setWrongRun(x.rejected().wrongRun())
                      .setBadMac(x.rejected().badMac())
                      .setReplayed(x.rejected().replayed())
                      .setNotAeron(x.rejected().notAeron())));
      return b.build().toByteArray();
    } else if (o instanceof RunCoordinator.PartitionFailed m) {
      return PartitionFailed.newBuilder()
          .setRunId(m.runId())
          .setPartition(m.partition())
          .setReason(m.reason())
          .build()
          .toByteArray();
    } else if (o instanceof NodeAgent.EndRun m) {
      return EndRun.newBuilder().setRunId(m.runId()).build().toByteArray();
    } else if (o instanceof NodeAgent.Shutdown m) {
      return Shutdown.newBuilder().setReason(m.reason()).build().toByteArray();
    }
    throw new IllegalArgumentException("no control schema for " + o.getClass().getName());
  }

  /* A key of the wrong size becomes null, which the node agent refuses with a message. */
  private static FabricKey fabricKey(ByteString bytes) {
    return bytes.size() == FabricKey.LENGTH_BYTES ? FabricKey.of(bytes.toByteArray()) : null;
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try {
      return decode(bytes, manifest);
    } catch (InvalidProtocolBufferException e) {
      throw new NotSerializableException(
          "malformed control message '" + manifest + "': " + e.getMessage());
    }
  }

  private Object decode(byte[] bytes, String manifest)
      throws InvalidProtocolBufferException, NotSerializableException {
    switch (manifest) {
      case START -> {
        StartPartition m = StartPartition.parseFrom(bytes);
        ActorRef<RunCoordinator.Command> coordinator =
            resolver().resolveActorRef(m.getCoordinatorRef());
        return new NodeAgent.StartPartition(
            m.getRunId(),
            m.getPartition(),
            Math.max(1, m.getCount()),
            m.getPartitions(),
            m.getModel(),
            m.getParamsMap(),
            m.getSeed(),
            m.getEndPs(),
            m.getPlacement(),
            Math.max(1, m.getWorkers()),
            fabricKey(m.getFabricKey()),
            coordinator);
      }
      case BOUND -> {
        PartitionBound m = PartitionBound.parseFrom(bytes);
        return new RunCoordinator.PartitionBound(m.getRunId(), m.getPartition(), m.getEndpoint());
      }
      case CONNECT -> {
        ConnectPeers m = ConnectPeers.parseFrom(bytes);
        return new NodeAgent.ConnectPeers(m.getRunId(), m.getEndpointsList());
      }
      case READY -> {
        PartitionReady m = PartitionReady.parseFrom(bytes);
        return new RunCoordinator.PartitionReady(m.getRunId(), m.getPartition());
      }
      case BEGIN -> {
        return new NodeAgent.BeginRun(BeginRun.parseFrom(bytes).getRunId());
      }
      case RESULT -> {
        PartitionResult m = PartitionResult.parseFrom(bytes);
        List<SortedMap<String, Long>> metrics = new ArrayList<>();
        for (EntityMetrics em : m.getEntityMetricsList()) {
          metrics.add(new TreeMap<>(em.getValuesMap()));
        }
        long[] hashes = new long[m.getEntityHashesCount()];
        for (int i = 0; i < hashes.length; i++) {
          hashes[i] = m.getEntityHashes(i);
        }
        int[] ids = new int[m.getEntityIdsCount()];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = m.getEntityIds(i);
        }
        Exchange x = m.getExchange();
        Rejected r = x.getRejected();
        ExchangeFigures exchange =
            new ExchangeFigures(
                x.getBarriers(),
                x.getMeanWaitNs(),
                x.getP50WaitNs(),
                x.getP99WaitNs(),
                x.getBatchesSent(),
                x.getEventsSent(),
                x.getBytesSent(),
                new RejectedDatagrams(
                    r.getMalformed(),
                    r.getWrongRun(),
                    r.getBadMac(),
                    r.getReplayed(),
                    r.getNotAeron()));
        return new RunCoordinator.PartitionResult(
            m.getRunId(),
            m.getPartition(),
            m.getEvents(),
            m.getWindows(),
            ids,
            hashes,
            metrics,
            exchange);
      }
      case FAILED -> {
        PartitionFailed m = PartitionFailed.parseFrom(bytes);
        return new RunCoordinator.PartitionFailed(m.getRunId(), m.getPartition(), m.getReason());
      }
      case END -> {
        return new NodeAgent.EndRun(EndRun.parseFrom(bytes).getRunId());
      }
      case SHUTDOWN -> {
        return new NodeAgent.Shutdown(Shutdown.parseFrom(bytes).getReason());
      }
      default -> throw new NotSerializableException("unknown control manifest '" + manifest + "'");
    }
  }
}

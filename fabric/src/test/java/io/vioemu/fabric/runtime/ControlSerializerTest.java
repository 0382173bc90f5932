package io.vioemu.fabric.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.vioemu.fabric.transport.FabricKey;
import java.io.NotSerializableException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ControlSerializerTest {
  private static ActorTestKit kit;
  private static ControlSerializer serializer;

  @BeforeAll
  static void start() {
    kit =
        ActorTestKit.create(
            "serializer-test",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.parseResources("vioemu-pekko.conf"))
                .withFallback(ConfigFactory.load()));
    serializer = new ControlSerializer((ExtendedActorSystem) Adapter.toClassic(kit.system()));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static Object roundTrip(Object message) throws NotSerializableException {
    return serializer.fromBinary(serializer.toBinary(message), serializer.manifest(message));
  }

  @Test
  void shouldRestoreEveryControlMessageWhenRoundTripped() throws NotSerializableException {
    TestProbe<RunCoordinator.Command> coordinator = kit.createTestProbe();
    List<Object> messages =
        List.of(
            new NodeAgent.StartPartition(
                "r1",
                2,
                2,
                4,
                "phold",
                Map.of("lps", "64", "remote", "0.1"),
                -7L,
                1_000_000L,
                "vms-apart",
                3,
                FabricKey.random(),
                coordinator.getRef()),
            new NodeAgent.ConnectPeers("r1", List.of("127.0.0.1:4000", "127.0.0.1:4001")),
            new NodeAgent.BeginRun("r1"),
            new NodeAgent.EndRun("r1"),
            new NodeAgent.Shutdown("done"),
            new RunCoordinator.PartitionBound("r1", 1, "127.0.0.1:4001"),
            new RunCoordinator.PartitionReady("r1", 1),
            new RunCoordinator.PartitionFailed("r1", 1, "malformed datagram"));
    for (Object m : messages) {
      assertEquals(m, roundTrip(m), m.getClass().getSimpleName());
    }
  }

  @Test
  void shouldKeepEveryHashBitAndEntityIdWhenResultRoundTrips() throws NotSerializableException {
    long[] hashes = {0L, -1L, Long.MIN_VALUE, 0x1234_5678_9abc_def0L};
    var back =
        (RunCoordinator.PartitionResult)
            roundTrip(
                new RunCoordinator.PartitionResult(
                    "r",
                    1,
                    99,
                    7,
                    new int[] {3, 17, 32, Integer.MAX_VALUE},
                    hashes,
                    List.of(new TreeMap<>(Map.of("drops", 3L, "rx", -1L)), new TreeMap<>()),
                    new ExchangeFigures(
                        12,
                        1_500.5,
                        900,
                        40_000,
                        24,
                        300,
                        9_000,
                        new RejectedDatagrams(1, 2, 3, 4, 5))));
    assertArrayEquals(hashes, back.entityHashes());
    assertArrayEquals(new int[] {3, 17, 32, Integer.MAX_VALUE}, back.entityIds());
    assertEquals(99, back.events());
    assertEquals(
        new ExchangeFigures(
            12, 1_500.5, 900, 40_000, 24, 300, 9_000, new RejectedDatagrams(1, 2, 3, 4, 5)),
        back.exchange());
    assertEquals(Map.of("drops", 3L, "rx", -1L), back.entityMetrics().get(0));
    assertEquals(Map.of(), back.entityMetrics().get(1));
  }

  @Test
  void shouldRejectUnknownManifestWhenDecoding() {
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[0], "bogus"));
  }

  @Test
  void shouldBeTheBoundSerializerWhenPekkoSerializesControlMessages() {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));
    Serializer bound = serialization.findSerializerFor(new NodeAgent.BeginRun("x"));
    assertEquals(ControlSerializer.class, bound.getClass());
  }
}

package io.vioemu.fabric.runtime;

import com.google.protobuf.UnsafeByteOperations;
import io.vioemu.fabric.kernel.PayloadCodec;
import io.vioemu.fabric.kernel.TimedEvent;
import io.vioemu.proto.fabric.EventRecord;
import io.vioemu.proto.fabric.WindowBatch;
import java.util.ArrayList;
import java.util.List;

/** Converts kernel events to and from their wire schema, payloads through the model's codec. */
final class EventCodec {
  private final PayloadCodec payloads;

  EventCodec(PayloadCodec payloads) {
    this.payloads = payloads;
  }

  EventRecord encode(TimedEvent e) {
    EventRecord.Builder b =
        EventRecord.newBuilder()
            .setAtPs(e.atPs())
            .setPriority(e.priority())
            .setSrcEntity(e.srcEntity())
            .setSrcSeq(e.srcSeq())
            .setDstEntity(e.dstEntity())
            .setKind(e.kind())
            .setWord(e.word());
    byte[] body = payloads.encode(e.kind(), e.payload());
    if (body != null) {
      // the codec hands over a fresh array nobody writes again: wrap it instead of copying
      b.setPayload(UnsafeByteOperations.unsafeWrap(body));
    }
    return b.build();
  }

  TimedEvent decode(EventRecord r) {
    Object payload =
        !r.hasPayload() ? null : payloads.decode(r.getKind(), r.getPayload().toByteArray());
    return new TimedEvent(
        r.getAtPs(),
        r.getPriority(),
        r.getSrcEntity(),
        r.getSrcSeq(),
        r.getDstEntity(),
        r.getKind(),
        r.getWord(),
        payload);
  }

  List<TimedEvent> decodeAll(WindowBatch batch) {
    List<TimedEvent> events = new ArrayList<>(batch.getEventsCount());
    for (EventRecord r : batch.getEventsList()) {
      events.add(decode(r));
    }
    return events;
  }
}

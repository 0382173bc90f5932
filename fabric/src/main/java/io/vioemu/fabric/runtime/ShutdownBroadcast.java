package io.vioemu.fabric.runtime;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/** Tells every remote node agent to stop, then stops itself. */
final class ShutdownBroadcast {
  private ShutdownBroadcast() {}

  static Behavior<Receptionist.Listing> create(String reason) {
    return Behaviors.setup(
        ctx -> {
          ctx.getSystem().receptionist().tell(Receptionist.find(NodeAgent.KEY, ctx.getSelf()));
          return Behaviors.receiveMessage(
              listing -> {
                for (ActorRef<NodeAgent.Command> agent :
                    listing.getServiceInstances(NodeAgent.KEY)) {
                  if (!agent.path().address().hasLocalScope()) {
                    agent.tell(new NodeAgent.Shutdown(reason));
                  }
                }
                return Behaviors.stopped();
              });
        });
  }
}

package zswapsim.runtime;

import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.ActorRef;
import zswapsim.kernel.Delivery;
import zswapsim.sim.RunLoop;

/**
 * One move's messages still to deliver, oldest first, handed from actor to actor with the one
 * delivery in flight. The Conductor chose the move; what follows from it has no choice left (the
 * kernel delivers in the order messages were sent), so the actor that handled a delivery sends the
 * next one itself instead of returning to the Conductor first. Whoever holds the turn is the only
 * one touching it (Pekko's tell orders the hand-over), and it goes back to the Conductor when the
 * move's last message, the stepping CPU's FinishStep, has been handled.
 */
final class Turn {
    private final RunLoop run;
    private final ActorRef<KernelActor.Deliver>[][] actors;
    private final ActorRef<Conductor.Command> conductor;
    private final ArrayDeque<Delivery> pending = new ArrayDeque<>();
    /** The stepping CPU's FinishStep, delivered once nothing else is pending (null for RCU's moves). */
    private Delivery finish;

    Turn(RunLoop run, ActorRef<KernelActor.Deliver>[][] actors, ActorRef<Conductor.Command> conductor) {
        this.run = run;
        this.actors = actors;
        this.conductor = conductor;
    }

    /** A new move: its own-step message first, its FinishStep (may be null) last. */
    void begin(Delivery ownStep, Delivery finishStep) {
        pending.clear();
        pending.add(ownStep);
        finish = finishStep;
    }

    /** Delivers {@code d} in the turn's run; the messages its receiver sends queue behind those sent before them. */
    void deliver(Delivery d) {
        run.deliver(d, pending);
    }

    /** Sends the oldest pending message to its actor, or tells the Conductor the move is over. */
    void passOn() {
        Delivery d = pending.poll();
        if (d == null && finish != null) {
            d = finish;
            finish = null;
        }
        if (d == null) {
            conductor.tell(Conductor.MoveDone.INSTANCE);
            return;
        }
        actors[d.to().kind().ordinal()][d.to().index()].tell(new KernelActor.Deliver(d, this));
    }

    /** The model rejected a delivery: the run ends with that failure. */
    void failed(RuntimeException e) {
        conductor.tell(new Conductor.Failed(e));
    }
}

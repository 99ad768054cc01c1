package zswapsim.kernel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The messages of one move, kept in the order they were sent; the Conductor takes them out one at
 * a time (one delivery in flight). Also collects what a non-CPU receiver changed, for the trace
 * event of its delivery.
 */
final class Post {
    /** Sent, in order; {@code head} is the next to deliver. Made on the first send: most deliveries send nothing. */
    private ArrayList<Delivery> queue;
    private int head;
    private final boolean tracing;
    private final List<String> notes;
    /** A machine-wide event (a grace period starting) of the delivery in flight, with the notes made before it. */
    record Global(String kind, String text, List<String> changes, long gp) {
    }

    private final List<Global> globals;

    /** Untraced, nothing is noted: the lists stay empty and unallocated. */
    Post(boolean tracing) {
        this.tracing = tracing;
        this.notes = tracing ? new ArrayList<>() : List.of();
        this.globals = tracing ? new ArrayList<>() : List.of();
    }

    void send(Address from, Address to, Message msg) {
        if (queue == null) {
            queue = new ArrayList<>(4);
        }
        queue.add(new Delivery(from, to, msg));
    }

    /** What the receiver of the delivery in flight changed ("zswap_pools_lock released"). */
    void note(Address who, String text) {
        if (tracing) {
            notes.add(text);
        }
    }

    /** What the receiver of the delivery in flight told the deadlock monitor (a non-CPU actor: the RCU actor). */
    private List<WaitEvent> observed = List.of();

    void observe(WaitEvent e) {
        if (observed.isEmpty()) {
            observed = new ArrayList<>(1);
        }
        observed.add(e);
    }

    List<WaitEvent> takeObserved() {
        List<WaitEvent> out = observed;
        observed = List.of();
        return out;
    }

    /** The RCU callback the delivery in flight queued (its call_rcu number), for the trace. */
    private int callback = -1;

    /** A machine-wide event about grace period {@code gp}, carrying the notes made so far. */
    void global(String kind, String text, long gp) {
        if (tracing) {
            globals.add(new Global(kind, text, takeNotes(), gp));
        }
    }

    void callback(int seq) {
        callback = seq;
    }

    int takeCallback() {
        int c = callback;
        callback = -1;
        return c;
    }

    List<Global> takeGlobals() {
        if (globals.isEmpty()) {
            return List.of();
        }
        List<Global> out = List.copyOf(globals);
        globals.clear();
        return out;
    }

    boolean tracing() {
        return tracing;
    }

    Delivery poll() {
        if (queue == null || head == queue.size()) {
            return null;
        }
        Delivery d = queue.get(head++);
        if (head == queue.size()) {
            queue.clear();
            head = 0;
        }
        return d;
    }

    /** Moves the deliveries sent and not yet delivered to {@code out}, in order (for the actor runtime, which carries them). */
    void drainTo(Collection<Delivery> out) {
        if (queue == null) {
            return;
        }
        for (int i = head; i < queue.size(); i++) {
            out.add(queue.get(i));
        }
        queue = null;
        head = 0;
    }

    List<String> takeNotes() {
        if (notes.isEmpty()) {
            return List.of();
        }
        List<String> out = List.copyOf(notes);
        notes.clear();
        return out;
    }
}

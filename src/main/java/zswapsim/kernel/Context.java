package zswapsim.kernel;

import java.util.ArrayList;

/**
 * An execution context: a task's, or a softirq or hardirq running on top of a CPU's current
 * context. Holds its call stack and the per-context state the kernel keeps for it.
 */
final class Context {
    enum Kind { TASK, SOFTIRQ, HARDIRQ }

    final Kind kind;
    /** Stable identity, used as lock owner: a task's index, or 1_000_000 + 4 * cpu + level. */
    final int id;
    /** Read anywhere, changed only through push/pop/setTop. */
    ArrayList<Frame> frames;
    /** Set on both sides by copy(): the frames are shared, and the first change copies them. */
    private boolean framesShared;
    int rcuDepth;
    /**
     * The irq saves not yet restored, oldest first, each {@code (key << 1) | irqs-were-off}: the key
     * is 1 + the lock whose *_irqsave made it, or 0 for a bare local_irq_save(). A value, replaced
     * and never written into, so a copy shares it.
     */
    int[] irqSaves = NO_SAVES;
    static final int[] NO_SAVES = new int[0];
    Wait wait = Wait.NONE;
    int waitArg = -1;
    boolean waitRead;
    /** The step at which the current wait began, for the trace only (not in the fingerprint). */
    int waitSince;
    /** What the context waits for has happened (a lock handed over, a wake-up): its next step resumes it. */
    boolean woken;
    /** Woken on a mutex or rwsem without it (no handoff): resuming tries to take it again (the slowpath's loop). */
    boolean retryLock;
    /** After a failed trylock: skip ops up to and including the unlock of this lock. */
    int skipUntilUnlock = -1;
    /** Softirq: vectors taken from pending but not run yet, and restarts left (MAX_SOFTIRQ_RESTART). */
    long batch;
    int restarts;
    /** Softirq: the counts at entry, which handle_softirqs() puts back at its end. */
    int savedPreempt;
    int savedBh;
    /** Interrupt contexts: whether the interrupted context had irqs off, restored at exit. */
    boolean savedIrqsOff;
    /**
     * A task that called schedule() with irqs off: the schedule() turned them on for whatever ran
     * next, and lockdep sees them come on in this task when it resumes.
     */
    boolean scheduledIrqsOff;
    /** A softirq context that local_bh_enable() runs: its end is that function's local_irq_enable(). */
    boolean fromBhEnable;
    /** A threaded irq's hardirq context: the irq thread (task index) its return wakes, else -1. */
    int wakeThread = -1;
    /** What the context runs, for traces: a task's comm, "RCU_SOFTIRQ", a handler's name. */
    String label;

    Context(Kind kind, int id, String label) {
        this(kind, id, label, new ArrayList<>(4));
    }

    /** For copy(): no frame list allocated only to be replaced. */
    private Context(Kind kind, int id, String label, ArrayList<Frame> frames) {
        this.kind = kind;
        this.id = id;
        this.label = label;
        this.frames = frames;
    }

    /** Interrupt contexts are numbered above every task: 4 levels per CPU (softirq, hardirq on top). */
    static final int IRQ_ID_BASE = 1_000_000;

    static int irqId(int cpu, int level) {
        return IRQ_ID_BASE + 4 * cpu + level;
    }

    static boolean isIrqId(int id) {
        return id >= IRQ_ID_BASE;
    }

    static int irqCpu(int id) {
        return (id - IRQ_ID_BASE) / 4;
    }

    static int irqLevel(int id) {
        return (id - IRQ_ID_BASE) % 4;
    }

    Context copy() {
        Context c = new Context(kind, id, label, frames);
        c.framesShared = true;
        framesShared = true;
        c.rcuDepth = rcuDepth;
        c.irqSaves = irqSaves;
        c.wait = wait;
        c.waitArg = waitArg;
        c.waitRead = waitRead;
        c.woken = woken;
        c.retryLock = retryLock;
        c.waitSince = waitSince;
        c.skipUntilUnlock = skipUntilUnlock;
        c.batch = batch;
        c.restarts = restarts;
        c.savedPreempt = savedPreempt;
        c.savedBh = savedBh;
        c.savedIrqsOff = savedIrqsOff;
        c.scheduledIrqsOff = scheduledIrqsOff;
        c.fromBhEnable = fromBhEnable;
        c.wakeThread = wakeThread;
        return c;
    }

    /**
     * A task's label is its comm, fixed by its id, so only an interrupt's (which handler it runs) is
     * hashed.
     */
    void hash(Fingerprint f, Relabel r, RcuState rcu) {
        f.add(kind.ordinal()).add(r.ctx(id)).add(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            Frame fr = frames.get(i);
            f.add(r.block(fr.block())).add(fr.pc()).add(fr.arg()).add(fr.r0()).add(fr.r1());
        }
        f.add(rcuDepth).add(irqSaves.length);
        for (int save : irqSaves) {
            f.add(save);
        }
        f.add(wait.ordinal()).add(hashedWaitArg(rcu)).add(waitRead).add(woken).add(retryLock)
                .add(skipUntilUnlock).add(batch).add(restarts).add(savedPreempt).add(savedBh).add(savedIrqsOff)
                .add(scheduledIrqsOff).add(fromBhEnable).add(r.task(wakeThread));
        if (kind != Kind.TASK) {
            f.add(label.hashCode());
        }
    }

    /** Is it asleep until a grace period ends (synchronize_rcu(), or an rcu_barrier() that needs one)? */
    boolean waitsForGracePeriod() {
        return wait == Wait.GRACE_PERIOD || wait == Wait.RCU_BARRIER && waitArg != 0;
    }

    /**
     * The wait's argument as the fingerprint holds it: a grace period relative to the last
     * completed one, 0 once it has passed (what is left to wait for then is a callback's turn),
     * and rcu_barrier()'s "no grace period needed" apart from that.
     */
    private long hashedWaitArg(RcuState rcu) {
        return switch (wait) {
            case GRACE_PERIOD -> rcu.relativeGp(waitArg);
            case RCU_BARRIER -> waitArg == 0 ? -1 : rcu.relativeGp(waitArg);
            default -> waitArg;
        };
    }

    Frame top() {
        return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }

    void setTop(Frame f) {
        ownFrames().set(frames.size() - 1, f);
    }

    void setFrame(int i, Frame f) {
        ownFrames().set(i, f);
    }

    void push(Frame f) {
        ownFrames().add(f);
    }

    void pop() {
        ownFrames().remove(frames.size() - 1);
    }

    /** The frames, unshared first if need be: the checker branches every context, but a step changes one. */
    private ArrayList<Frame> ownFrames() {
        if (framesShared) {
            frames = new ArrayList<>(frames);
            framesShared = false;
        }
        return frames;
    }

    /** Starts waiting on {@code w} (for {@code arg}) at step {@code step}; a lock or a wake-up ends it. */
    void startWait(Wait w, int arg, int step) {
        wait = w;
        waitArg = arg;
        woken = false;
        retryLock = false;
        waitSince = step;
    }

    void clearWait() {
        wait = Wait.NONE;
        waitArg = -1;
        waitRead = false;
        woken = false;
        retryLock = false;
    }
}

package zswapsim.kernel;

import java.util.List;
import zswapsim.lockdep.Lockdep;

/**
 * What the checker's partial-order reduction asks of the model: is a CPU cut off from the rest of
 * the machine until it next moves ({@link #quiet}), and did one of its moves stay inside it
 * ({@link #stayedLocal})? Together they make "every enabled move of that CPU" a persistent set.
 *
 * <p>Other actors reach a CPU only by messages, and they send one only in reply to that CPU's own
 * request, to wake one of its contexts that waits for them, or for RCU's grace periods and the
 * per-CPU queues (callbacks, timers, an irq thread's interrupt), and for the unbound kworkers
 * that any CPU's work wakes on every CPU. {@link #quiet} rules each of those out from the state
 * but a grace period's start, which reaches every CPU and lets it report a quiescent state; a
 * move that delivers to nothing
 * but its own CPU, leaves lockdep's shared graph, chains and reports alone, and neither ends a
 * quiescent state a grace period could then ask for nor changes what its start reads of the CPU,
 * commutes with every move of the others.
 */
public final class Locality {
    private final Program program;
    /** Per CPU, the {@link KernelState#touched} bit of its own lock ({@link Program#cpuLock}), or 0. */
    private final long[] ownLockBit;

    Locality(Program program) {
        this.program = program;
        int n = program.cpus();
        ownLockBit = new long[n];
        for (int c = 0; c < n; c++) {
            int slot = program.cpuLock[c] < 0 ? 63 : KernelState.slot(n, program.locks.size(), Address.lock(program.cpuLock[c]));
            // The last bit stands for every actor from it on: only a bit of its own can be left out.
            ownLockBit[c] = slot < 63 ? KernelState.touchedBit(slot) : 0;
        }
    }

    /** What a CPU's move must leave as it was, read before the move: see {@link #stayedLocal}. */
    public record Probe(int cpu, long view, int current, boolean currentReads, Lockdep.Shared lockdep, boolean mayReportQs) {
    }

    /**
     * Can no actor deliver to CPU {@code cpu} before the CPU itself moves, whatever the others do?
     * Its contexts wait for nothing another actor ends (only msleep(), an idle kthread's work
     * queued by this CPU, or a grace period whose callback is queued here); RCU cannot end a grace
     * period this CPU has not reported, or has no callback here to raise RCU_SOFTIRQ for; no timer
     * is queued on or running here (another CPU's mod_timer() or del_timer() would move it), nor
     * can another CPU make it expire a global timer (timer migration: it idles, and not as the
     * last CPU to go idle); no kworker here sleeps inside a work (queueing that work elsewhere
     * puts it on this pool, non-reentrant, and wakes a kworker here, with none running); no
     * unbound kworker is idle or
     * woken (work queued on an unbound workqueue by any CPU wakes it here, and its running on
     * another CPU puts it back to sleep here); no irq thread here is woken from another CPU's hardirq. A grace
     * period's start reaches every CPU; {@link #stayedLocal} checks that the move commutes with it.
     */
    public boolean quiet(KernelState s, int cpu) {
        RcuState rcu = s.rcu;
        if (!rcuWaitsHere(s, cpu) && (!rcu.callbacks.get(cpu).isEmpty() || rcu.invoking[cpu] >= 0)) {
            return false;
        }
        for (Context ctx : s.cpus[cpu].irqStack) {
            if (!waitsOnlyHere(ctx)) {
                return false;
            }
        }
        for (int t : s.tasksOnCpu[cpu]) {
            TaskState task = s.tasks.get(t);
            if (!task.done && !waitsOnlyHere(task.ctx)) {
                return false;
            }
        }
        // Timer migration: while this CPU is active, or the last to go idle, any other CPU's
        // going idle (or running again) with a global timer queued makes this one's tick expire
        // it (or no longer). An idle CPU that is not the last becomes neither but by its own move.
        if (program.tmigr() && (!s.timers.inactive[cpu] || s.timers.lastIdle == cpu)) {
            return false;
        }
        TimerState timers = s.timers;
        for (int t = 0; t < timers.base.length; t++) {
            if (timers.base[t] == cpu || timers.runningBase[t] == cpu || timers.running[t] == cpu) {
                return false;
            }
        }
        if (s.wq.sleepsInWork(cpu) || s.wq.unboundMayWake()) {
            return false;
        }
        for (Program.IrqThreadInfo t : program.irqThreads) {
            List<Integer> from = program.interrupts.get(t.interrupt()).cpus();
            if (t.cpu() == cpu && s.interruptsLeft[t.interrupt()] > 0 && (from.size() != 1 || from.get(0) != cpu)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Does the running grace period wait for this CPU's quiescent state? Then RCU can neither end
     * it nor start another until the CPU reports, by a move of its own.
     */
    private static boolean rcuWaitsHere(KernelState s, int cpu) {
        return s.rcu.gpInProgress() && s.rcu.qsPending.get(cpu);
    }

    /** A wait only this CPU's own moves (or its grace period's callback, queued here) can end. */
    private static boolean waitsOnlyHere(Context ctx) {
        return switch (ctx.wait) {
            case NONE, MSLEEP, IDLE, GRACE_PERIOD -> true;
            default -> false;
        };
    }

    public Probe probe(KernelState s, int cpu) {
        int current = s.cpus[cpu].current;
        boolean reads = current >= 0 && s.tasks.get(current).ctx.rcuDepth > 0;
        boolean mayReportQs = !rcuWaitsHere(s, cpu) && Rcu.inQuiescentState(s, cpu);
        return new Probe(cpu, view(s, cpu), current, reads, s.lockdep.shared(), mayReportQs);
    }

    /**
     * Did {@code move}, which led to {@code after}, touch nothing but its CPU? It delivered to no
     * other actor (but the CPU's own lock, {@link Program#cpuLock}); an interrupt it raised
     * arrives on this CPU only (so no other CPU shares its count); lockdep's shared part
     * (classes, dependencies, chains, reports) is as it was but for new classes
     * ({@link Lockdep#onlyRegisteredSince}); it did not end a quiescent state the CPU
     * could report if a grace period started now (rcu_read_lock(), preempt_disable(), ...: the
     * report could have come before it); what a grace period's start reads of the CPU is as it
     * was ({@link #view}); nor did it switch away from a task inside a reader
     * (rcu_note_context_switch() reads whether a grace period waits). Such a move and any other
     * CPU's give the same state in either order.
     */
    public boolean stayedLocal(Probe before, KernelState after, Move move) {
        // A CPU's own lock is part of it: no other CPU's move ever delivers to it.
        if ((after.touched() & ~ownLockBit[before.cpu()]) != 1L << before.cpu()) {
            return false;
        }
        if (move.kind() == Move.Kind.IRQ) {
            List<Integer> on = program.interrupts.get(move.arg()).cpus();
            if (on.size() != 1) {
                return false;
            }
        }
        if (before.currentReads() && after.cpus[before.cpu()].current != before.current()) {
            return false;
        }
        if (before.mayReportQs() && !Rcu.inQuiescentState(after, before.cpu())) {
            return false;
        }
        return view(after, before.cpu()) == before.view() && after.lockdep.onlyRegisteredSince(before.lockdep());
    }

    /** A move's {@link #footprint} when it may not commute with any other move. */
    public static final long DEPENDENT = -1L;

    /**
     * The actors {@code move} delivered to on its way to {@code after}, as bits (each CPU its own,
     * see {@link KernelState#touched}), or {@link #DEPENDENT}. Two moves of different CPUs whose
     * footprints share no bit commute: each behaviour reads only its receiver's state and the
     * message, so neither move changes what the other's deliveries find, and both orders end in
     * the same state. What the footprint cannot show makes a move dependent: an interrupt arrival
     * (its source's count is shared between CPUs), a grace period's start, a timer expiry, a
     * deadlock (the run ends), and a change to lockdep's shared part other than new classes
     * ({@link Lockdep#onlyRegisteredSince}: which of two steps adds a dependency or an irq usage
     * bit decides a report).
     */
    public long footprint(Lockdep.Shared before, KernelState after, Move move) {
        return switch (move.kind()) {
            case STEP, SWITCH, SOFTIRQ, QS -> after.deadlock() == null && after.lockdep.onlyRegisteredSince(before)
                    ? after.touched() : DEPENDENT;
            case IRQ, GP_START, TIMER, HRTIMER -> DEPENDENT;
        };
    }

    /** Do two moves with these {@link #footprint}s commute? */
    public static boolean independent(long a, long b) {
        return a != DEPENDENT && b != DEPENDENT && (a & b) == 0;
    }

    /** What a grace period's start reads of the CPU: is it idle, which of its tasks sleep inside a reader. */
    private long view(KernelState s, int cpu) {
        Fingerprint f = new Fingerprint().add(Kernel.idle(s, cpu));
        for (int t : s.tasksOnCpu[cpu]) {
            f.add(Rcu.readsOffCpu(s, t));
        }
        return f.value();
    }
}

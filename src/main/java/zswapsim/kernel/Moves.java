package zswapsim.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler's choices in a state: the actors' own steps that are enabled (which CPU's context
 * steps, which task a CPU switches to, ksoftirqd/N among them once woken, when pending softirqs run at an irq exit, when a CPU reports a quiescent
 * state, when RCU starts a grace period) and the environment's interrupt arrivals. Each is decided
 * from the state of the actor that takes the step alone. Listed in a fixed order so that a
 * seeded choice is reproducible.
 */
final class Moves {
    private Moves() {
    }

    static List<Move> enabled(Program p, KernelState s) {
        List<Move> out = new ArrayList<>(2 * s.cpus.length + 2);
        if (s.deadlock != null) {
            return out;
        }
        for (int c = 0; c < s.cpus.length; c++) {
            cpuMoves(p, s, c, out);
        }
        if (Rcu.needGracePeriod(s.rcu)) {
            out.add(new Move(Move.Kind.GP_START, -1, 0));
        }
        for (int c = 0; c < s.cpus.length; c++) {
            if (s.cpus[c].qsNeeded && Rcu.inQuiescentState(s, c)) {
                out.add(new Move(Move.Kind.QS, c, 0));
            }
        }
        return out;
    }

    private static void cpuMoves(Program p, KernelState s, int c, List<Move> out) {
        CpuState cpu = s.cpus[c];
        Context top = top(s, c);
        if (top != null && canStep(p, s, c, top)) {
            out.add(new Move(Move.Kind.STEP, c, 0));
        }
        if (cpu.irqStack.isEmpty() && preemptible(s, c)) {
            for (int t : s.tasksOnCpu[c]) {
                if (t != cpu.current && runnable(s.tasks.get(t))) {
                    out.add(new Move(Move.Kind.SWITCH, c, t));
                }
            }
        }
        if (!cpu.irqsOff) {
            for (int i = 0; i < p.interrupts.size(); i++) {
                if (s.interruptsLeft[i] > 0 && p.interrupts.get(i).cpus().contains(c)) {
                    out.add(new Move(Move.Kind.IRQ, c, i));
                }
            }
        }
        // hrtimer_interrupt() does not nest: it sets in_hrtirq and next_event = KTIME_MAX on entry
        // and reprograms the clock event only at its end, so while it runs on this CPU (a callback
        // that turned irqs on), no hrtimer expires there, nor the tick (itself an hrtimer).
        if (!cpu.irqsOff && !inHrtimerInterrupt(p, cpu)) {
            for (long armed = Timers.tickable(p, cpu); armed != 0; armed &= armed - 1) {
                int timer = Long.numberOfTrailingZeros(armed);
                out.add(timer < p.hrtimerBase ? new Move(Move.Kind.TIMER, c, timer)
                        : new Move(Move.Kind.HRTIMER, c, timer - p.hrtimerBase));
            }
        }
        if (Softirqs.canRun(cpu)) {
            out.add(new Move(Move.Kind.SOFTIRQ, c, 0));
        }
    }

    /** Is hrtimer_interrupt() anywhere on this CPU's interrupt stack? */
    private static boolean inHrtimerInterrupt(Program p, CpuState cpu) {
        return cpu.irqStack.stream().anyMatch(irq -> Hardirqs.isHrtimerInterrupt(p, irq));
    }

    static Context top(KernelState s, int c) {
        CpuState cpu = s.cpus[c];
        if (!cpu.irqStack.isEmpty()) {
            return cpu.irqStack.get(cpu.irqStack.size() - 1);
        }
        return cpu.current < 0 ? null : s.tasks.get(cpu.current).ctx;
    }

    private static boolean canStep(Program p, KernelState s, int c, Context top) {
        if (top.kind == Context.Kind.TASK && s.tasks.get(s.cpus[c].current).done) {
            return false;
        }
        return waitOver(top);
    }

    /**
     * Can the current task be switched out here? Idle, asleep, done, or at a preemption point: an
     * op boundary, or the cpu_relax() loops of hrtimer_cancel(), del_timer_sync() and a cancel
     * retrying try_to_grab_pending(), which wait with preemption enabled
     * (hrtimer_cancel_wait_running() and del_timer_wait_running() only sleep on PREEMPT_RT). On a
     * machine of more than one CPU an unbound kworker that runs is not switched out: the scheduler would run a preempted one on another CPU rather than leave it
     * behind this CPU's next task (idle balancing pulls it), which the model, its tasks bound to
     * CPUs, cannot express.
     */
    private static boolean preemptible(KernelState s, int c) {
        if (Kernel.idle(s, c)) {
            return true;
        }
        CpuState cpu = s.cpus[c];
        TaskState task = s.tasks.get(cpu.current);
        Context ctx = task.ctx;
        return cpu.preemptionEnabled() && (task.kind != TaskState.Kind.UNBOUND_KWORKER || s.cpus.length == 1)
                && (ctx.wait == Wait.NONE || ctx.wait == Wait.HRTIMER_CANCEL || ctx.wait == Wait.TIMER_SYNC
                    || ctx.wait == Wait.GRAB_PENDING);
    }

    /** Is a task of CPU {@code c} other than its current one runnable (a switch to it possible)? */
    static boolean anotherRunnable(KernelState s, int c) {
        for (int t : s.tasksOnCpu[c]) {
            if (t != s.cpus[c].current && runnable(s.tasks.get(t))) {
                return true;
            }
        }
        return false;
    }

    private static boolean runnable(TaskState t) {
        return !t.done && waitOver(t.ctx);
    }

    /** Has what {@code ctx} waits for happened? The actor it waited on said so (msleep may end at any time). */
    static boolean waitOver(Context ctx) {
        return ctx.wait == Wait.NONE || ctx.wait == Wait.MSLEEP || ctx.woken;
    }
}

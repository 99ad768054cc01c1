package zswapsim.kernel;

import zswapsim.lockdep.LockdepEvent;
import zswapsim.lockdep.NestLock;
import zswapsim.scenario.LockType;

/**
 * The CPU's side of the conversation with a {@link LockActor}. lockdep sees the acquire before
 * the lock is asked for, as spin_acquire() comes before LOCK_CONTENDED(), so it judges the
 * acquisition that deadlocks; a trylock is seen only once it succeeded.
 */
final class Locking {
    private Locking() {
    }

    /** lockdep's read value: 0 exclusive, 1 non-recursive read, 2 recursive read. */
    static int lockdepRead(Machine m, int lock, boolean read) {
        if (!read) {
            return 0;
        }
        LockType type = m.program.locks.get(lock).type();
        return type == LockType.RWLOCK && m.cpuState().inInterrupt() ? 2 : 1;
    }

    /**
     * Tells lockdep (with the op's subclass and nest lock, if it names them), then asks the lock; it
     * answers granted or contended. The annotations change what lockdep sees, never the lock.
     */
    static void acquire(Machine m, Context ctx, Insn insn, boolean read, String op) {
        Program.LockInfo nest = insn.nestLock() < 0 ? null : m.program.locks.get(insn.nestLock());
        NestLock nestLock = nest == null ? null : new NestLock(nest.name(), nest.lockClass());
        acquire(m, ctx, insn.target(), insn.subclass(), read, nestLock, op);
    }

    /** An exclusive acquire of {@code lock} that no scenario op names (the model's own code). */
    static void acquire(Machine m, Context ctx, int lock, String op) {
        acquire(m, ctx, lock, 0, false, null, op);
    }

    private static void acquire(Machine m, Context ctx, int lock, int subclass, boolean read, NestLock nestLock, String op) {
        m.observe(acquireEvent(m, lock, subclass, read, false, nestLock, op));
        ask(m, ctx, lock, read, false);
    }

    /** lock_acquire() of lock {@code lock} as lockdep sees it. */
    private static LockdepEvent acquireEvent(Machine m, int lock, int subclass, boolean read, boolean trylock,
                                             NestLock nestLock, String op) {
        Program.LockInfo info = m.program.locks.get(lock);
        return new LockdepEvent.Acquire(m.lockdepTask(), m.irqState(), info.name(), info.lockClass(), subclass,
                lockdepRead(m, lock, read), trylock, nestLock, m.site(op));
    }

    /** spin_trylock() and friends: ask the lock, which grants it or says it is busy; never waits. */
    static void tryAcquire(Machine m, Context ctx, int lock, boolean read) {
        ask(m, ctx, lock, read, true);
    }

    static void ask(Machine m, Context ctx, int lock, boolean read, boolean trylock) {
        // Who holds or waits is for the trace's text alone: an untraced run spares building it.
        m.send(Address.lock(lock), new LockActor.LockAcquire(ctx.id, m.cpu, m.tracing() ? m.describe(ctx) : null, read,
                m.cpuState().inInterrupt(), trylock));
    }


    static void release(Machine m, Context ctx, int lock, boolean read, String op) {
        Program.LockInfo info = m.program.locks.get(lock);
        m.observe(new LockdepEvent.Release(m.lockdepTask(), m.irqState(), info.name(), info.lockClass(), m.site(op)));
        m.observe(new WaitEvent.Released(ctx.id, lock, read));
        m.send(Address.lock(lock), new LockActor.LockRelease(ctx.id, m.cpu, read));
    }

    /**
     * The lock was not locked when {@code ctx} released it. The lock debugging PROVE_LOCKING selects
     * tests that after lockdep's release, and turns lockdep off, printing only if lockdep was on:
     * CONFIG_DEBUG_SPINLOCK's spin_bug() and rwlock_bug(), CONFIG_DEBUG_MUTEXES' MUTEX_WARN_ON(),
     * CONFIG_DEBUG_RWSEMS' DEBUG_RWSEMS_WARN_ON().
     */
    static void notLocked(Machine m, Context ctx, int lock) {
        Program.LockInfo info = m.program.locks.get(lock);
        if (m.state.lockdep.enabled()) {
            String task = m.lockdepTask().comm() + "/" + m.lockdepTask().pid();
            String warning = "WARNING: CPU: " + m.cpu + " PID: " + m.lockdepTask().pid() + " at kernel/locking/";
            m.emit("warn", switch (info.type()) {
                case SPINLOCK, RAW_SPINLOCK -> "BUG: spinlock already unlocked on CPU#" + m.cpu + ", " + task;
                case RWLOCK -> "BUG: rwlock wrong owner on CPU#" + m.cpu + ", " + task;
                case MUTEX -> warning + "mutex.c __mutex_unlock_slowpath: DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current)";
                case RWSEM -> warning + "rwsem.c __up_write: DEBUG_RWSEMS_WARN_ON((rwsem_owner(sem) != current)"
                        + " && !rwsem_test_oflags(sem, RWSEM_NONSPINNABLE))";
            } + ": " + info.name() + " is not locked; lockdep is off from here on");
        }
        m.observe(new LockdepEvent.DebugLocksWarn(m.lockdepTask(), m.irqState(), m.site(Executor.currentOp(m, ctx))));
    }

    /** The lock is the context's: taken now, or handed over while it waited (it resumes on its next step). */
    static void granted(Machine m, Context ctx, CpuActor.LockGranted g) {
        String name = m.lockName(g.lock());
        m.observe(new WaitEvent.Granted(ctx.id, g.lock(), g.read()));
        if (ctx.wait.onLock() && ctx.waitArg == g.lock()) {
            ctx.woken = true;
            m.change(name + " handed over to " + m.describe(ctx));
            return;
        }
        if (g.trylock()) {
            m.observe(acquireEvent(m, g.lock(), 0, g.read(), true, null, Executor.currentOp(m, ctx)));
        }
        if (m.tracing()) {
            m.change(name + (g.read() ? " read-taken" : " taken"));
        }
        if (g.lock() == m.program.switchLock) {
            SwitchLock.granted(m, ctx);
            return;
        }
        if (g.trylock() && Branches.testing(m, ctx)) {
            Branches.outcome(m, ctx, ctx.frames.size() - 1, true);
        }
    }

    /** Woken on a mutex or rwsem it was not handed: its next step takes it, or sleeps on it again ({@link #retry}). */
    static void woken(Machine m, Context ctx, int lock) {
        ctx.woken = true;
        ctx.retryLock = true;
        m.observe(new WaitEvent.Woken(ctx.id));
        m.change(m.lockName(lock) + " free: " + m.describe(ctx) + " woken to take it");
    }

    /** The woken waiter, back from schedule(), tries the lock again; the lock answers granted or contended. */
    static void retry(Machine m, Context ctx, int lock) {
        m.send(Address.lock(lock), new LockActor.WokenRetry(ctx.id));
    }

    /** The lock is held: the context spins (or sleeps, for a sleeping lock) until it is handed over. */
    static void contended(Machine m, Context ctx, CpuActor.LockContended c) {
        Program.LockInfo info = m.program.locks.get(c.lock());
        // A reader queues behind waiting writers unless it reads an rwlock in interrupt context (qrwlock).
        boolean fair = c.read() && (info.type() == LockType.RWSEM || !m.cpuState().inInterrupt());
        m.startWait(ctx, info.type().sleeps() ? Wait.LOCK : Wait.SPIN, c.lock(), c.read(), fair);
        m.change((info.type().sleeps() ? "sleeps on " : "spins on ") + info.name() + " held by " + c.holders());
    }

    /**
     * A failed trylock: undo what it disabled (preemption; BH for _bh, the irq state for _irqsave),
     * then take an if:'s else: ops, or, outside an if:, skip ops up to its unlock (as
     * {@code if (spin_trylock(A)) {...}}).
     */
    static void trylockFailed(Machine m, Context ctx, int lock) {
        m.change(m.lockName(lock) + " busy, trylock fails");
        Frame f = ctx.top();
        Insn asked = m.program.block(f.block()).insns().get(f.pc() - 1);
        switch (asked.op()) {
            case MUTEX_TRYLOCK -> {
            }
            case SPIN_TRYLOCK_BH -> {
                IrqControl.preemptEnable(m);
                IrqControl.bhEnable(m);
            }
            case SPIN_TRYLOCK_IRQSAVE -> {
                IrqControl.preemptEnable(m);
                IrqControl.irqRestore(m, ctx, asked.op().kernelName(), lock);
            }
            default -> IrqControl.preemptEnable(m);
        }
        if (asked.isCondition()) {
            Branches.outcome(m, ctx, ctx.frames.size() - 1, false);
        } else {
            ctx.skipUntilUnlock = lock;
        }
    }
}

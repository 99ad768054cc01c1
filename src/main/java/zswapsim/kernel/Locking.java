package zswapsim.kernel;

import zswapsim.scenario.LockType;

/**
 * Taking and releasing lock instances. lockdep sees the acquire before the lock is contended, as
 * with spin_acquire() before LOCK_CONTENDED(), so it judges the acquisition that deadlocks.
 * Readers of an rwlock in task context queue behind a waiting writer (qrwlock); in interrupt
 * context they do not, which is also why lockdep counts them as recursive readers there.
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

    /** Tells lockdep, then takes the lock or starts waiting (spinning, or sleeping for sleeping locks). */
    static void acquire(Machine m, Context ctx, int lock, boolean read, String op) {
        Program.LockInfo info = m.program.locks.get(lock);
        m.state.lockdep.acquire(m.lockdepTask(), m.irqState(), info.name(), info.lockClass(),
                lockdepRead(m, lock, read), false, m.site(op));
        if (available(m.program, m.state, m.cpu, lock, read, ctx)) {
            take(m, ctx, lock, read);
            return;
        }
        ctx.wait = info.type().sleeps() ? Wait.LOCK : Wait.SPIN;
        ctx.waitArg = lock;
        ctx.waitRead = read;
        m.newLockWait = true;
        m.change((info.type().sleeps() ? "sleeps on " : "spins on ") + info.name() + " held by " + holders(m, lock));
    }

    /** spin_trylock() and friends: take the lock if free, else report failure; never waits. */
    static boolean tryAcquire(Machine m, Context ctx, int lock, boolean read, String op) {
        if (!available(m.program, m.state, m.cpu, lock, read, ctx)) {
            m.change(m.lockName(lock) + " busy, trylock fails");
            return false;
        }
        Program.LockInfo info = m.program.locks.get(lock);
        m.state.lockdep.acquire(m.lockdepTask(), m.irqState(), info.name(), info.lockClass(),
                lockdepRead(m, lock, read), true, m.site(op));
        take(m, ctx, lock, read);
        return true;
    }

    static void take(Machine m, Context ctx, int lock, boolean read) {
        LockState l = m.state.locks[lock];
        if (read) {
            l.addReader(ctx.id);
        } else {
            l.owner = ctx.id;
        }
        m.change(m.lockName(lock) + (read ? " read-taken" : " taken"));
    }

    static void release(Machine m, Context ctx, int lock, boolean read, String op) {
        Program.LockInfo info = m.program.locks.get(lock);
        m.state.lockdep.release(m.lockdepTask(), m.irqState(), info.name(), info.lockClass(), m.site(op));
        LockState l = m.state.locks[lock];
        if (read ? l.removeReader(ctx.id) : l.owner == ctx.id) {
            if (!read) {
                l.owner = -1;
            }
            m.change(info.name() + " released");
        } else if (!read && l.owner >= 0) {
            // Released by a context other than the one that took it: legal for the lock word.
            l.owner = -1;
            m.change(info.name() + " released (taken by another context)");
        } else {
            m.change(info.name() + " was not held");
        }
    }

    /**
     * Can {@code ctx}, running on {@code cpu}, take the lock now? Used both when it first asks and
     * when a spinner or sleeper retries.
     */
    static boolean available(Program p, KernelState s, int cpu, int lock, boolean read, Context ctx) {
        LockState l = s.locks[lock];
        if (!read) {
            return l.free();
        }
        if (l.owner >= 0) {
            return false;
        }
        boolean fair = p.locks.get(lock).type() == LockType.RWSEM || !s.cpus[cpu].inInterrupt();
        return !fair || !writerWaiting(s, lock, ctx);
    }

    /** Is some context waiting to take {@code lock} exclusively? */
    static boolean writerWaiting(KernelState s, int lock, Context except) {
        return s.anyContext(c -> c != except && isWriterWaiter(c, lock));
    }

    private static boolean isWriterWaiter(Context c, int lock) {
        return c.wait.onLock() && c.waitArg == lock && !c.waitRead;
    }

    static String holders(Machine m, int lock) {
        LockState l = m.state.locks[lock];
        StringBuilder b = new StringBuilder();
        if (l.owner >= 0) {
            b.append(Kernel.describeContext(m.state, l.owner));
        }
        for (int r : l.readers) {
            b.append(b.length() > 0 ? ", " : "").append(Kernel.describeContext(m.state, r)).append(" (read)");
        }
        return b.length() == 0 ? "nobody" : b.toString();
    }
}

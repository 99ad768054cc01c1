package zswapsim.kernel;

import zswapsim.scenario.LockType;

/**
 * {@code lock:NAME}: one lock instance (spinlock, rwlock, mutex or rwsem) as an actor. A context
 * asks for it with {@link LockAcquire}; the lock answers {@link CpuActor.LockGranted} at once, or
 * queues the context and answers {@link CpuActor.LockContended}, and grants it on a later
 * {@link LockRelease} in queue order (qspinlock's MCS queue, qrwlock's wait queue). A queued writer
 * holds back later readers in task context (qrwlock fairness); readers in interrupt context only
 * wait for a writer that holds the lock, which is also why lockdep counts them as recursive. An
 * rwsem released to a reader first in its queue goes to all its queued readers at once. A mutex,
 * and an rwsem whose first waiter is a writer, is not handed over: its release wakes the first
 * waiter ({@link CpuActor.LockWoken}), which asks again with {@link WokenRetry} when it runs.
 * A {@code trylock} never queues: it is granted or told {@link CpuActor.TrylockFailed}.
 */
final class LockActor {
    private LockActor() {
    }

    /** A context of CPU {@code cpu} asks for the lock; {@code who} names it for the trace (null untraced). */
    record LockAcquire(int ctx, int cpu, String who, boolean read, boolean inInterrupt, boolean trylock) implements Message {
    }

    /** A context of CPU {@code cpu} lets go of the lock (or of one read hold). */
    record LockRelease(int ctx, int cpu, boolean read) implements Message {
    }

    /**
     * The first waiter, woken by a release, tries to take the lock (__mutex_lock_common()'s loop,
     * rwsem_down_write_slowpath()'s).
     */
    record WokenRetry(int ctx) implements Message {
    }

    static void receive(Post post, Address self, Program.LockInfo info, LockState l, Message msg) {
        if (msg instanceof LockAcquire a) {
            acquire(post, self, info, l, a);
        } else if (msg instanceof LockRelease r) {
            release(post, self, info, l, r);
        } else if (msg instanceof WokenRetry r) {
            wokenRetry(post, self, info, l, r);
        } else {
            throw new IllegalArgumentException("lock " + info.name() + " cannot handle " + msg.name());
        }
    }

    private static void acquire(Post post, Address self, Program.LockInfo info, LockState l, LockAcquire a) {
        LockState.Waiter w = new LockState.Waiter(a.ctx(), a.cpu(), a.who(), a.read(), a.inInterrupt());
        Address requester = Address.cpu(a.cpu());
        if (grantable(info.type(), l, w, l.waiters.length, a.trylock())) {
            take(l, w);
            post.send(self, requester, new CpuActor.LockGranted(a.ctx(), self.index(), a.read(), a.trylock()));
        } else if (a.trylock()) {
            post.send(self, requester, new CpuActor.TrylockFailed(a.ctx(), self.index()));
        } else {
            String holders = post.tracing() ? l.holders() : null;
            l.enqueue(w);
            post.send(self, requester, new CpuActor.LockContended(a.ctx(), self.index(), a.read(), holders));
        }
    }

    private static void release(Post post, Address self, Program.LockInfo info, LockState l, LockRelease r) {
        if (r.read() && !l.removeReader(r.ctx())) {
            // queued_read_unlock() and __up_read() subtract a reader whoever calls them. The lock
            // debugging's checks are left out: do_raw_read_unlock() has none, up_read()'s reads the
            // last reader the owner field remembers, which the model does not keep.
            l.strayReadReleases++;
            post.note(self, info.name() + " was not read-held here: the lock word counts "
                    + (l.readers.length - l.strayReadReleases) + " readers");
        } else if (!r.read() && l.owner < 0) {
            // The lock debugging's test of the lock word (spin_bug() "already unlocked", ...). A
            // spinlock's, rwlock's and mutex's unlock then leaves an unlocked word as it is; an
            // rwsem's __up_write() subtracts RWSEM_WRITER_LOCKED whatever the count holds.
            if (info.type() == LockType.RWSEM) {
                l.strayWriteRelease = true;
                post.note(self, info.name() + " was not write-held: __up_write() took RWSEM_WRITER_LOCKED off the count"
                        + " all the same, which now keeps it set: no one gets " + info.name() + " again");
            } else {
                post.note(self, info.name() + " was not held");
            }
            post.send(self, Address.cpu(r.cpu()), new CpuActor.NotLocked(r.ctx(), self.index()));
            return;
        } else if (!r.read()) {
            // A release by a context other than the one that took it is legal for the lock word.
            post.note(self, info.name() + " released" + (l.owner == r.ctx() ? "" : " (taken by another context)"));
            l.owner = -1;
            l.ownerWho = null;
        } else {
            post.note(self, info.name() + " released");
        }
        if (info.type() == LockType.MUTEX
                || info.type() == LockType.RWSEM && l.writable() && l.waiters.length > 0 && !l.waiters[0].read()) {
            wakeFirstWaiter(post, self, l);
        } else {
            grantWaiters(post, self, info.type(), l);
        }
    }

    /**
     * __mutex_unlock_slowpath(), and rwsem_mark_wake() for a writer first in the queue: the lock
     * stays free and its first waiter is only woken, to take it itself when it runs, so anyone may
     * take it first; a waiter that lost that race once has set the handoff flag
     * (MUTEX_FLAG_HANDOFF; RWSEM_FLAG_HANDOFF, which the kernel sets only after the writer has
     * waited RWSEM_WAIT_TIMEOUT, so the model lets one steal happen where it allows several), and
     * the lock is the waiter's at this release (__mutex_handoff(); an rwsem nobody else may take).
     */
    private static void wakeFirstWaiter(Post post, Address self, LockState l) {
        if (l.waiters.length == 0) {
            return;
        }
        if (l.handoff) {
            l.handoff = false;
            grant(post, self, l, 0);
        } else {
            LockState.Waiter first = l.waiters[0];
            post.send(self, Address.cpu(first.cpu()), new CpuActor.LockWoken(first.ctx(), self.index()));
        }
    }

    /**
     * __mutex_trylock_or_handoff() or rwsem_try_write_lock() of the woken waiter, which is still
     * first in the queue (only the first is woken, and others queue behind it): the lock if it is
     * free, else the handoff flag is set and the waiter sleeps again.
     */
    private static void wokenRetry(Post post, Address self, Program.LockInfo info, LockState l, WokenRetry r) {
        if (l.waiters.length == 0 || l.waiters[0].ctx() != r.ctx()) {
            throw new IllegalStateException(info.name() + ": a retry by context " + r.ctx() + ", not its first waiter");
        }
        if (l.writable()) {
            grant(post, self, l, 0);
        } else {
            l.handoff = true;
            post.send(self, Address.cpu(l.waiters[0].cpu()),
                    new CpuActor.LockContended(r.ctx(), self.index(), false, post.tracing() ? l.holders() : null));
        }
    }

    /**
     * Hands the lock to the waiters that may have it now, in queue order. A free rwsem whose first
     * waiter is a reader goes to every queued reader, past the writers: rwsem_mark_wake()'s
     * batch wake-up "even when writers are also present in the queue" (of up to
     * MAX_READERS_WAKEUP, 256, more readers than a scenario has).
     */
    private static void grantWaiters(Post post, Address self, LockType type, LockState l) {
        boolean readerPhase = type == LockType.RWSEM && l.owner < 0 && l.waiters.length > 0 && l.waiters[0].read();
        int i = 0;
        while (i < l.waiters.length) {
            LockState.Waiter w = l.waiters[i];
            if (readerPhase ? w.read() : grantable(type, l, w, i, false)) {
                grant(post, self, l, i);
            } else {
                i++;
            }
        }
    }

    /** Waiter {@code i} leaves the queue with the lock, and its CPU is told. */
    private static void grant(Post post, Address self, LockState l, int i) {
        LockState.Waiter w = l.waiters[i];
        l.dequeue(i);
        take(l, w);
        post.send(self, Address.cpu(w.cpu()), new CpuActor.LockGranted(w.ctx(), self.index(), w.read(), false));
    }

    /**
     * May waiter {@code w}, with {@code ahead} waiters queued before it, have the lock now? A writer
     * needs the lock free and nobody ahead, except on a mutex, which __mutex_trylock() takes
     * whenever it has no owner, and on an rwsem without the handoff flag, which a writer's
     * optimistic spin (rwsem_try_write_lock_unqueued()) and a reader's lock stealing
     * (rwsem_down_read_slowpath()) take while it is free (down_write_trylock() and
     * down_read_trylock() fail on RWSEM_FLAG_WAITERS); a reader needs no writer holding it and, unless it
     * reads from interrupt context on an rwlock (queued_read_lock_slowpath()), no writer queued
     * ahead. A read trylock fails behind a queued writer in every context: queued_read_trylock()
     * gives up on _QW_WAITING as on _QW_LOCKED, and __down_read_trylock() on RWSEM_FLAG_WAITERS.
     */
    private static boolean grantable(LockType type, LockState l, LockState.Waiter w, int ahead, boolean trylock) {
        boolean stealable = type == LockType.RWSEM && !l.handoff && !trylock;
        if (!w.read()) {
            return l.writable() && (ahead == 0 || type == LockType.MUTEX || stealable);
        }
        if (stealable && l.free()) {
            return true;
        }
        if (l.owner >= 0 || l.strayWriteRelease) {
            return false;   // a writer holds it, or the count says one does
        }
        boolean fair = type == LockType.RWSEM || !w.inInterrupt() || trylock;
        if (!fair) {
            return true;
        }
        for (int i = 0; i < ahead; i++) {
            if (!l.waiters[i].read()) {
                return false;
            }
        }
        return true;
    }

    private static void take(LockState l, LockState.Waiter w) {
        if (w.read()) {
            l.addReader(w.ctx(), w.who());
        } else {
            l.owner = w.ctx();
            l.ownerWho = w.who();
        }
    }
}

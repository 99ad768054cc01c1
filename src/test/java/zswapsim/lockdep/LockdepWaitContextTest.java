package zswapsim.lockdep;

import static org.assertj.core.api.Assertions.assertThat;
import static zswapsim.lockdep.Ctx.PROCESS;
import static zswapsim.lockdep.Ctx.SOFTIRQ;
import static zswapsim.lockdep.Ctx.TASK;
import static zswapsim.lockdep.Ctx.site;
import static zswapsim.lockdep.Ctx.softirqSite;

import org.junit.jupiter.api.Test;

/** check_wait_context() and print_lock_invalid_wait_context(), with and without CONFIG_PROVE_RAW_LOCK_NESTING. */
class LockdepWaitContextTest {

    private static Lockdep lockdep(boolean proveRawLockNesting) {
        Lockdep ld = new Lockdep();
        ld.proveRawLockNesting(proveRawLockNesting);
        ld.registerWaitType("R", LockWaitType.SPIN);
        ld.registerWaitType("S", LockWaitType.CONFIG);
        ld.registerWaitType("M", LockWaitType.SLEEP);
        ld.registerMap("(wq_completion)events");
        return ld;
    }

    private static void take(Lockdep ld, IrqState s, String lock, int step) {
        ld.acquire(TASK, s, lock, lock, 0, false, site("lock", "f", step, step));
    }

    /** A mutex under a spinlock, in the kernel's layout: the context task-wide {4:4}, the lock held {2:2}, the mutex {3:3}. */
    @Test
    void mutexUnderSpinlock_isAnInvalidWaitContext() {
        Lockdep ld = lockdep(false);
        take(ld, PROCESS, "S", 1);
        ld.acquire(TASK, PROCESS, "M", "M", 0, false, site("mutex_lock", "f", 2, 2));

        assertThat(ld.enabled()).isFalse();
        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("invalid-wait-context");
            assertThat(r.lock()).isEqualTo("M");
            assertThat(r.text()).containsExactly(
                    "=============================",
                    "[ BUG: Invalid wait context ]",
                    "6.8.0-zswapsim #1 Not tainted",
                    "-----------------------------",
                    "sysfs-writer/100 is trying to lock:",
                    "M (M){....}-{3:3}, at: mutex_lock in f (t.yaml:2:7)",
                    "other info that might help us debug this:",
                    "context-{4:4}",
                    "1 lock held by sysfs-writer/100:",
                    " #0: S (S){+.+.}-{2:2}, at: lock in f (t.yaml:1:7)",
                    "stack backtrace:",
                    "  mutex_lock",
                    "  f",
                    "  task sysfs-writer",
                    "  t.yaml:2:7 (step 2)");
        });
    }

    /** Softirqs are threaded on PREEMPT_RT: a mutex there is invalid even with nothing held (context {2:2}). */
    @Test
    void mutexInSoftirq_withNothingHeld_isInvalid() {
        Lockdep ld = lockdep(false);
        ld.acquire(TASK, SOFTIRQ, "M", "M", 0, false, softirqSite("mutex_lock", "cb", 1, 1));
        assertThat(ld.reportKinds()).containsExactly("invalid-wait-context");
        assertThat(ld.reports().get(0).text()).contains("context-{2:2}", "no locks held by sysfs-writer/100.");
    }

    /** Without CONFIG_PROVE_RAW_LOCK_NESTING spinlock_t and raw_spinlock_t are alike: S under R is fine. */
    @Test
    void spinlockUnderRawSpinlock_default_isFine() {
        Lockdep ld = lockdep(false);
        take(ld, PROCESS, "R", 1);
        take(ld, PROCESS, "S", 2);
        assertThat(ld.reports()).isEmpty();
        assertThat(ld.enabled()).isTrue();
    }

    /** With it, a spinlock_t ({3:3}) under a raw_spinlock_t ({2:2}) is reported, in task context {5:5}. */
    @Test
    void spinlockUnderRawSpinlock_proveRawLockNesting_isInvalid() {
        Lockdep ld = lockdep(true);
        take(ld, PROCESS, "R", 1);
        take(ld, PROCESS, "S", 2);
        assertThat(ld.reportKinds()).containsExactly("invalid-wait-context");
        assertThat(ld.reports().get(0).text()).containsSubsequence(
                "S (S){....}-{3:3}, at: lock in f (t.yaml:2:7)",
                "context-{5:5}",
                " #0: R (R){+.+.}-{2:2}, at: lock in f (t.yaml:1:7)");
    }

    /** With it a mutex prints {4:4}; in a softirq the context is LD_WAIT_CONFIG, {3:3}, so a spinlock_t is fine there. */
    @Test
    void proveRawLockNesting_softirqAllowsSpinlockNotMutex() {
        Lockdep ld = lockdep(true);
        ld.acquire(TASK, SOFTIRQ, "S", "S", 0, false, softirqSite("spin_lock", "cb", 1, 1));
        assertThat(ld.reports()).isEmpty();
        ld.acquire(TASK, SOFTIRQ, "M", "M", 0, false, softirqSite("mutex_lock", "cb", 2, 2));
        assertThat(ld.reports().get(0).text()).contains("M (M){....}-{4:4}, at: mutex_lock in cb (t.yaml:2:7)",
                "context-{3:3}");
    }

    /** Trylocks never wait, so they are not checked; maps with no wait type (LD_WAIT_INV) neither narrow nor are checked. */
    @Test
    void trylockAndMapsWithoutWaitType_areNotChecked() {
        Lockdep ld = lockdep(false);
        take(ld, PROCESS, "S", 1);
        ld.acquire(TASK, PROCESS, "M", "M", 0, true, site("mutex_trylock", "f", 2, 2));
        ld.acquire(TASK, PROCESS, "(wq_completion)events", "(wq_completion)events", 0, false,
                site("flush_work", "f", 3, 3));
        assertThat(ld.reports()).isEmpty();
    }

    /** Only the locks of the current irq context narrow it: a task's spinlock does not bind a hardirq's own context. */
    @Test
    void heldLocksOfTheInterruptedContext_doNotNarrow() {
        Lockdep ld = lockdep(false);
        take(ld, PROCESS, "M", 1);
        ld.acquire(TASK, SOFTIRQ, "S", "S", 0, false, softirqSite("spin_lock", "cb", 2, 2));
        assertThat(ld.reports()).isEmpty();
    }
}

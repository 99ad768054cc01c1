package zswapsim.lockdep;

import static org.assertj.core.api.Assertions.assertThat;
import static zswapsim.lockdep.Ctx.OTHER;
import static zswapsim.lockdep.Ctx.PROCESS;
import static zswapsim.lockdep.Ctx.TASK;
import static zswapsim.lockdep.Ctx.lock;
import static zswapsim.lockdep.Ctx.site;
import static zswapsim.lockdep.Ctx.unlock;

import org.junit.jupiter.api.Test;

/** Lock order: check_deadlock, check_noncircular with strong paths, trylocks and the chain cache. */
class LockdepOrderTest {

    /** A then B in one place, B then A in another: the classic ABBA report. */
    @Test
    void abba_reportsCircularLockingWithKernelLayout() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "A", 1);
        lock(ld, PROCESS, "B", 2);
        unlock(ld, PROCESS, "B", 3);
        unlock(ld, PROCESS, "A", 4);
        lock(ld, PROCESS, "B", 5);
        lock(ld, PROCESS, "A", 6);

        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("circular-locking");
            assertThat(r.lock()).isEqualTo("A");
            assertThat(r.usage()).isNull();
            assertThat(r.text()).containsSubsequence(
                    "======================================================",
                    "WARNING: possible circular locking dependency detected",
                    "6.8.0-zswapsim #1 Not tainted",
                    "------------------------------------------------------",
                    "sysfs-writer/100 is trying to acquire lock:",
                    "A (A){+.+.}-{2:2}, at: spin_lock in f (t.yaml:6:7)",
                    "",
                    "but task is already holding lock:",
                    "B (B){+.+.}-{2:2}, at: spin_lock in f (t.yaml:5:7)",
                    "",
                    "which lock already depends on the new lock.",
                    "",
                    "",
                    "the existing dependency chain (in reverse order) is:",
                    "",
                    "-> #1 (B){+.+.}-{2:2}:",
                    "       spin_lock",
                    "       f",
                    "       task sysfs-writer",
                    "       t.yaml:2:7 (step 2)",
                    "",
                    "-> #0 (A){+.+.}-{2:2}:",
                    "       spin_lock",
                    "       f",
                    "       task sysfs-writer",
                    "       t.yaml:6:7 (step 6)",
                    "",
                    "other info that might help us debug this:",
                    "",
                    " Possible unsafe locking scenario:",
                    "",
                    "       CPU0                    CPU1",
                    "       ----                    ----",
                    "  lock(B);",
                    "                               lock(A);",
                    "                               lock(B);",
                    "  lock(A);",
                    "",
                    " *** DEADLOCK ***",
                    "",
                    "1 lock held by sysfs-writer/100:",
                    " #0: B (B){+.+.}-{2:2}, at: spin_lock in f (t.yaml:5:7)",
                    "",
                    "stack backtrace:");
        });
    }

    /** A -> B -> C, then C -> A: the scenario names the chain. */
    @Test
    void threeLockCycle_printsChainExistsOf() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "A", 1);
        lock(ld, PROCESS, "B", 2);
        unlock(ld, PROCESS, "B", 3);
        unlock(ld, PROCESS, "A", 4);
        lock(ld, PROCESS, "B", 5);
        lock(ld, PROCESS, "C", 6);
        unlock(ld, PROCESS, "C", 7);
        unlock(ld, PROCESS, "B", 8);
        lock(ld, PROCESS, "C", 9);
        lock(ld, PROCESS, "A", 10);

        assertThat(ld.reportKinds()).containsExactly("circular-locking");
        assertThat(ld.reports().get(0).text()).containsSubsequence(
                "-> #2 (C){+.+.}-{2:2}:", "-> #1 (B){+.+.}-{2:2}:", "-> #0 (A){+.+.}-{2:2}:",
                "Chain exists of:", "  A --> B --> C");
    }

    /** Other tasks' orders count: the graph is global, per class. */
    @Test
    void abbaAcrossTasks_reportsCircularLocking() {
        Lockdep ld = new Lockdep();
        ld.acquire(OTHER, PROCESS, "A", "A", 0, false, site("spin_lock", "g", 1, 1));
        ld.acquire(OTHER, PROCESS, "B", "B", 0, false, site("spin_lock", "g", 2, 2));
        lock(ld, PROCESS, "B", 3);
        lock(ld, PROCESS, "A", 4);

        assertThat(ld.reportKinds()).containsExactly("circular-locking");
    }

    /** spin_lock(A) twice: recursive locking, with the kernel's nesting hint. */
    @Test
    void aa_reportsRecursiveLocking() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "A", 1);
        lock(ld, PROCESS, "A", 2);

        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("recursive-locking");
            assertThat(r.text()).containsSubsequence(
                    "============================================",
                    "WARNING: possible recursive locking detected",
                    "6.8.0-zswapsim #1 Not tainted",
                    "--------------------------------------------",
                    "sysfs-writer/100 is trying to acquire lock:",
                    "A (A){+.+.}-{2:2}, at: spin_lock in f (t.yaml:2:7)",
                    "",
                    "but task is already holding lock:",
                    "A (A){+.+.}-{2:2}, at: spin_lock in f (t.yaml:1:7)",
                    "",
                    "other info that might help us debug this:",
                    " Possible unsafe locking scenario:",
                    "",
                    "       CPU0",
                    "       ----",
                    "  lock(A);",
                    "  lock(A);",
                    "",
                    " *** DEADLOCK ***",
                    "",
                    " May be due to missing lock nesting notation",
                    "",
                    "1 lock held by sysfs-writer/100:");
        });
    }

    /** Two instances of one class nest: lockdep sees the class, so it is recursive locking too. */
    @Test
    void twoInstancesOfOneClass_reportRecursiveLocking() {
        Lockdep ld = new Lockdep();
        ld.acquire(TASK, PROCESS, "X1", "X", 0, false, site("spin_lock", "f", 1, 1));
        ld.acquire(TASK, PROCESS, "X2", "X", 0, false, site("spin_lock", "f", 2, 2));

        assertThat(ld.reportKinds()).containsExactly("recursive-locking");
        assertThat(ld.reports().get(0).text()).contains("X2 (X){+.+.}-{2:2}, at: spin_lock in f (t.yaml:2:7)");
    }

    /** read_lock(A) twice as recursive readers is allowed. */
    @Test
    void recursiveReadAfterRead_isAllowed() {
        Lockdep ld = new Lockdep();
        ld.acquire(TASK, PROCESS, "A", "A", 2, false, site("read_lock", "f", 1, 1));
        ld.acquire(TASK, PROCESS, "A", "A", 2, false, site("read_lock", "f", 2, 2));

        assertThat(ld.reports()).isEmpty();
    }

    /** down_read twice (non-recursive readers) can deadlock behind a writer: reported. */
    @Test
    void nonRecursiveReadAfterRead_reportsRecursiveLocking() {
        Lockdep ld = new Lockdep();
        ld.acquire(TASK, PROCESS, "S", "S", 1, false, site("down_read", "f", 1, 1));
        ld.acquire(TASK, PROCESS, "S", "S", 1, false, site("down_read", "f", 2, 2));

        assertThat(ld.reportKinds()).containsExactly("recursive-locking");
    }

    /** A(write) -> B(recursive read) and B(read) -> A(write): -(ER)-> then -(SN)-> is not strong, no cycle. */
    @Test
    void recursiveReadBetweenSharedHolders_isNotACycle() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "A", 1);
        ld.acquire(TASK, PROCESS, "B", "B", 2, false, site("read_lock", "f", 2, 2));
        ld.release(TASK, PROCESS, "B", "B", site("read_unlock", "f", 3, 3));
        unlock(ld, PROCESS, "A", 4);
        ld.acquire(TASK, PROCESS, "B", "B", 2, false, site("read_lock", "f", 5, 5));
        lock(ld, PROCESS, "A", 6);

        assertThat(ld.reports()).isEmpty();
    }

    /** The same ABBA with B taken for write on the second path is a real cycle. */
    @Test
    void recursiveReadThenExclusiveHolder_isACycle() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "A", 1);
        ld.acquire(TASK, PROCESS, "B", "B", 2, false, site("read_lock", "f", 2, 2));
        ld.release(TASK, PROCESS, "B", "B", site("read_unlock", "f", 3, 3));
        unlock(ld, PROCESS, "A", 4);
        lock(ld, PROCESS, "B", 5);
        lock(ld, PROCESS, "A", 6);

        assertThat(ld.reportKinds()).containsExactly("circular-locking");
    }

    /** A trylock adds no dependency of its own, so B-then-A after A-then-trylock(B) is silent. */
    @Test
    void trylockUnderA_addsNoDependency() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "A", 1);
        ld.acquire(TASK, PROCESS, "B", "B", 0, true, site("spin_trylock", "f", 2, 2));
        unlock(ld, PROCESS, "B", 3);
        unlock(ld, PROCESS, "A", 4);
        lock(ld, PROCESS, "B", 5);
        lock(ld, PROCESS, "A", 6);

        assertThat(ld.reports()).isEmpty();
    }

    /** Locks above a trylock get an edge from it as well as from the lock below it. */
    @Test
    void lockAboveTrylock_dependsOnTheTrylock() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "A", 1);
        ld.acquire(TASK, PROCESS, "B", "B", 0, true, site("spin_trylock", "f", 2, 2));
        lock(ld, PROCESS, "C", 3);
        unlock(ld, PROCESS, "C", 4);
        unlock(ld, PROCESS, "B", 5);
        unlock(ld, PROCESS, "A", 6);
        lock(ld, PROCESS, "C", 7);
        lock(ld, PROCESS, "B", 8);

        assertThat(ld.reportKinds()).containsExactly("circular-locking");
    }

    /** Unlocking out of order re-acquires the locks above; the task's stack stays consistent. */
    @Test
    void outOfOrderUnlock_keepsTheLocksAbove() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "A", 1);
        lock(ld, PROCESS, "B", 2);
        unlock(ld, PROCESS, "A", 3);
        unlock(ld, PROCESS, "B", 4);

        assertThat(ld.reports()).isEmpty();
        assertThat(ld.enabled()).isTrue();
    }

    /** Dependencies are never added across irq contexts: task holds A, a softirq takes B. */
    @Test
    void lockInInterruptOnTopOfTaskLock_addsNoCrossContextEdge() {
        Lockdep ld = new Lockdep();
        ld.acquire(TASK, Ctx.BH_OFF, "A", "A", 0, false, site("spin_lock", "f", 1, 1));
        ld.acquire(TASK, Ctx.SOFTIRQ, "B", "B", 0, false, Ctx.softirqSite("spin_lock", "g", 2, 2));
        ld.release(TASK, Ctx.SOFTIRQ, "B", "B", Ctx.softirqSite("spin_unlock", "g", 3, 3));
        ld.release(TASK, Ctx.BH_OFF, "A", "A", site("spin_unlock", "f", 4, 4));
        ld.acquire(TASK, Ctx.BH_OFF, "B", "B", 0, false, site("spin_lock", "f", 5, 5));
        ld.acquire(TASK, Ctx.BH_OFF, "A", "A", 0, false, site("spin_lock", "f", 6, 6));

        assertThat(ld.reports()).isEmpty();
    }
}

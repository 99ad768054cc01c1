package zswapsim.lockdep;

import static org.assertj.core.api.Assertions.assertThat;
import static zswapsim.lockdep.Ctx.BH_OFF;
import static zswapsim.lockdep.Ctx.IRQS_OFF;
import static zswapsim.lockdep.Ctx.OTHER;
import static zswapsim.lockdep.Ctx.PROCESS;
import static zswapsim.lockdep.Ctx.SOFTIRQ;
import static zswapsim.lockdep.Ctx.TASK;
import static zswapsim.lockdep.Ctx.lock;
import static zswapsim.lockdep.Ctx.site;
import static zswapsim.lockdep.Ctx.softirqSite;
import static zswapsim.lockdep.Ctx.unlock;

import java.util.List;

import org.junit.jupiter.api.Test;

/** debug_locks, unlock balance, might_sleep, copy() and fingerprint(). */
class LockdepStateTest {

    /** Releasing a lock nobody holds is a bad unlock balance, in the kernel's layout. */
    @Test
    void releaseNotHeld_reportsBadUnlockBalance() {
        Lockdep ld = new Lockdep();
        unlock(ld, PROCESS, "A", 3);

        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("bad-unlock-balance");
            assertThat(r.lock()).isEqualTo("A");
            assertThat(r.step()).isEqualTo(3);
            assertThat(r.text()).containsExactly(
                    "=====================================",
                    "WARNING: bad unlock balance detected!",
                    "6.8.0-zswapsim #1 Not tainted",
                    "-------------------------------------",
                    "sysfs-writer/100 is trying to release lock (A) at:",
                    "[<t.yaml:3:7>] spin_unlock in f",
                    "but there are no more locks to release!",
                    "",
                    "other info that might help us debug this:",
                    "no locks held by sysfs-writer/100.",
                    "",
                    "stack backtrace:",
                    "  spin_unlock",
                    "  f",
                    "  task sysfs-writer",
                    "  t.yaml:3:7 (step 3)");
        });
    }

    /** Below a softirq's own locks, find_held_lock() does not cross into the interrupted task's. */
    @Test
    void releaseInSoftirqOfTaskLockBelowSoftirqLock_reportsBadUnlockBalance() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "A", 1);
        ld.acquire(TASK, SOFTIRQ, "S", "S", 0, false, softirqSite("spin_lock", "cb", 2, 2));
        ld.release(TASK, SOFTIRQ, "A", "A", softirqSite("spin_unlock", "cb", 3, 3));

        assertThat(ld.reportKinds()).containsExactly("bad-unlock-balance");
    }

    /** Another task cannot release this task's lock either. */
    @Test
    void releaseByAnotherTask_reportsBadUnlockBalance() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "A", 1);
        ld.release(OTHER, PROCESS, "A", "A", site("spin_unlock", "g", 2, 2));

        assertThat(ld.reports()).singleElement().satisfies(r ->
                assertThat(r.text()).contains("kworker/0:1/7 is trying to release lock (A) at:"));
    }

    /** After the first report lockdep is off: later bugs are not reported and nothing is tracked. */
    @Test
    void firstReport_turnsLockdepOff() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "A", 1);
        lock(ld, PROCESS, "A", 2);
        assertThat(ld.enabled()).isFalse();
        long before = ld.fingerprint();

        unlock(ld, PROCESS, "Z", 3);
        lock(ld, PROCESS, "B", 4);
        ld.acquire(TASK, SOFTIRQ, "B", "B", 0, false, softirqSite("spin_lock", "cb", 5, 5));
        ld.hardirqsOn(TASK, PROCESS, site("local_irq_enable", "f", 6, 6));

        assertThat(ld.reportKinds()).containsExactly("recursive-locking");
        assertThat(ld.reports()).hasSize(1);
        assertThat(ld.classes()).extracting(LockClassUsage::name).containsExactly("A");
        assertThat(ld.fingerprint()).isEqualTo(before);
    }

    /** Once lockdep is off, states that differ only in lockdep's frozen state hash alike. */
    @Test
    void fingerprint_afterLockdepOff_dependsOnlyOnKinds() {
        Lockdep a = new Lockdep();
        lock(a, PROCESS, "A", 1);
        lock(a, PROCESS, "A", 2);
        Lockdep b = new Lockdep();
        lock(b, BH_OFF, "B", 1);
        lock(b, BH_OFF, "C", 2);
        lock(b, BH_OFF, "B", 3);

        assertThat(b.reportKinds()).isEqualTo(a.reportKinds());
        assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
    }

    /** might_sleep under a spinlock reports once per (function, op), taints, and leaves lockdep on. */
    @Test
    void mightSleepInAtomic_reportsOnceAndKeepsLockdepOn() {
        Lockdep ld = new Lockdep();
        IrqState atomic = new IrqState(true, true, 0, 0, 0, 0, 1, 0);
        lock(ld, atomic, "A", 1);
        ld.mightSleep(TASK, atomic, "mutex_lock", site("mutex_lock", "f", 2, 2));
        ld.mightSleep(TASK, atomic, "mutex_lock", site("mutex_lock", "f", 2, 9));

        assertThat(ld.enabled()).isTrue();
        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("sleep-in-atomic");
            assertThat(r.lock()).isNull();
            assertThat(r.text()).startsWith(
                    "BUG: sleeping function called from invalid context at t.yaml:2",
                    "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 100, name: sysfs-writer",
                    "preempt_count: 1, expected: 0",
                    "RCU nest depth: 0, expected: 0",
                    "1 lock held by sysfs-writer/100:",
                    " #0: A (A){+.+.}-{2:2}, at: spin_lock in f (t.yaml:1:7)",
                    "Call Trace:");
        });

        lock(ld, PROCESS, "A", 3);
        assertThat(ld.reports().get(1).text()).contains("6.8.0-zswapsim #1 Tainted: G        W         ");
    }

    /** might_sleep inside rcu_read_lock() or with irqs off complains too; in plain task context it does not. */
    @Test
    void mightSleep_checksRcuAndIrqs() {
        Lockdep ld = new Lockdep();
        ld.mightSleep(TASK, PROCESS, "msleep", site("msleep", "f", 1, 1));
        assertThat(ld.reports()).isEmpty();

        ld.mightSleep(TASK, new IrqState(true, true, 0, 0, 0, 0, 0, 1), "synchronize_rcu", site("synchronize_rcu",
                "f", 2, 2));
        ld.mightSleep(TASK, IRQS_OFF, "msleep", site("msleep", "f", 3, 3));
        assertThat(ld.reports()).hasSize(2);
        assertThat(ld.reports().get(0).text()).contains("RCU nest depth: 1, expected: 0");
        assertThat(ld.reports().get(1).text()).contains("irq event stamp: 0");
    }

    /** Sleep reports still come after lockdep is off, without the held locks. */
    @Test
    void mightSleep_afterLockdepOff_saysLockdepIsOff() {
        Lockdep ld = new Lockdep();
        unlock(ld, PROCESS, "A", 1);
        ld.mightSleep(TASK, IRQS_OFF, "msleep", site("msleep", "f", 2, 2));

        assertThat(ld.reportKinds()).containsExactly("bad-unlock-balance", "sleep-in-atomic");
        assertThat(ld.reports().get(1).text()).contains("INFO: lockdep is turned off.");
    }

    /** A copy evolves independently of its original, in both directions. */
    @Test
    void copy_isIndependent() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "A", 1);
        lock(ld, PROCESS, "B", 2);
        Lockdep branch = ld.copy();

        unlock(branch, PROCESS, "B", 3);
        unlock(branch, PROCESS, "A", 4);
        lock(branch, PROCESS, "B", 5);
        lock(branch, PROCESS, "A", 6);
        ld.acquire(TASK, SOFTIRQ, "C", "C", 0, false, softirqSite("spin_lock", "cb", 3, 3));

        assertThat(branch.reportKinds()).containsExactly("circular-locking");
        assertThat(ld.reportKinds()).isEmpty();
        assertThat(ld.enabled()).isTrue();
        assertThat(branch.classes()).extracting(LockClassUsage::name).containsExactly("A", "B");
        assertThat(ld.classes()).extracting(LockClassUsage::name).containsExactly("A", "B", "C");
    }

    /** Copies share held-lock stacks and the dependency graph until one side changes them, then part. */
    @Test
    void copy_sharedPartsChangedOnOneSide_otherSideUnchanged() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "A", 1);
        Lockdep branch = ld.copy();
        long shared = ld.fingerprint();

        unlock(branch, PROCESS, "A", 2);
        lock(ld, PROCESS, "B", 3);
        unlock(ld, PROCESS, "B", 4);
        unlock(ld, PROCESS, "A", 5);
        unlock(branch, PROCESS, "A", 6);

        assertThat(ld.reportKinds()).isEmpty();
        assertThat(ld.dependencies()).extracting(LockDependency::to).containsExactly("B");
        assertThat(branch.reportKinds()).containsExactly("bad-unlock-balance");
        assertThat(branch.dependencies()).isEmpty();
        assertThat(ld.copy().fingerprint()).isEqualTo(ld.fingerprint()).isNotEqualTo(shared);
    }

    /** Equal histories give equal fingerprints, whatever the steps and sites; copies start equal. */
    @Test
    void fingerprint_equalForEqualStates() {
        Lockdep a = history(0);
        Lockdep b = history(100);

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
        assertThat(a.copy().fingerprint()).isEqualTo(a.fingerprint());
    }

    /** Anything that can change a verdict changes the fingerprint: usage, edges, held locks, chains. */
    @Test
    void fingerprint_differsWhenStateDiffers() {
        Lockdep base = history(0);
        Lockdep usage = history(0);
        usage.acquire(TASK, SOFTIRQ, "C", "C", 0, false, softirqSite("spin_lock", "cb", 9, 9));
        usage.release(TASK, SOFTIRQ, "C", "C", softirqSite("spin_unlock", "cb", 9, 9));
        Lockdep held = history(0);
        lock(held, BH_OFF, "C", 9);
        Lockdep edge = history(0);
        lock(edge, BH_OFF, "C", 9);
        lock(edge, BH_OFF, "A", 10);
        unlock(edge, BH_OFF, "A", 11);
        unlock(edge, BH_OFF, "C", 12);
        Lockdep chain = history(0);
        lock(chain, BH_OFF, "B", 9);
        unlock(chain, BH_OFF, "B", 10);

        // The held locks are hashed per task, for the machine's fingerprint to name the task.
        List<Long> prints = List.of(base, usage, held, edge, chain).stream()
                .map(l -> l.fingerprint() * 31 + l.heldLocksHash(Ctx.TASK)).toList();
        assertThat(prints).doesNotHaveDuplicates();
        assertThat(held.fingerprint()).as("held locks are not in the shared part").isEqualTo(base.fingerprint());
    }

    /** Irq event stamps only change report text, so they stay out of the fingerprint. */
    @Test
    void fingerprint_ignoresIrqEventStamps() {
        Lockdep a = history(0);
        Lockdep b = history(0);
        b.hardirqsOff(TASK, IRQS_OFF, site("local_irq_disable", "f", 1, 1));
        b.hardirqsOn(TASK, PROCESS, site("local_irq_enable", "f", 2, 2));

        assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
    }

    private static Lockdep history(int stepOffset) {
        Lockdep ld = new Lockdep();
        lock(ld, BH_OFF, "A", 1 + stepOffset);
        lock(ld, BH_OFF, "B", 2 + stepOffset);
        unlock(ld, BH_OFF, "B", 3 + stepOffset);
        unlock(ld, BH_OFF, "A", 4 + stepOffset);
        lock(ld, BH_OFF, "C", 5 + stepOffset);
        unlock(ld, BH_OFF, "C", 6 + stepOffset);
        return ld;
    }
}

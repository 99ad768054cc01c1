package zswapsim.lockdep;

import static org.assertj.core.api.Assertions.assertThat;
import static zswapsim.lockdep.Ctx.BH_OFF;
import static zswapsim.lockdep.Ctx.HARDIRQ;
import static zswapsim.lockdep.Ctx.IRQS_OFF;
import static zswapsim.lockdep.Ctx.PROCESS;
import static zswapsim.lockdep.Ctx.SOFTIRQ;
import static zswapsim.lockdep.Ctx.TASK;
import static zswapsim.lockdep.Ctx.lock;
import static zswapsim.lockdep.Ctx.site;
import static zswapsim.lockdep.Ctx.softirqSite;
import static zswapsim.lockdep.Ctx.unlock;

import org.junit.jupiter.api.Test;

/** Multi-lock irq rules: check_irq_usage (safe -> unsafe) and check_usage_forwards/backwards (inversion). */
class LockdepIrqDependencyTest {

    private static void inSoftirq(Lockdep ld, String lock, int step) {
        ld.acquire(TASK, SOFTIRQ, lock, lock, 0, false, softirqSite("spin_lock", "cb", step, step));
        ld.release(TASK, SOFTIRQ, lock, lock, softirqSite("spin_unlock", "cb", step + 1, step + 1));
    }

    /** A is softirq-safe, B softirq-unsafe; taking B under A adds the forbidden dependency. */
    @Test
    void softirqSafeLockTakesSoftirqUnsafeLock_reportsIrqSafeToUnsafe() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "B", 1);
        unlock(ld, PROCESS, "B", 2);
        inSoftirq(ld, "A", 3);
        lock(ld, BH_OFF, "A", 5);
        lock(ld, BH_OFF, "B", 6);

        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("irq-safe-to-unsafe");
            assertThat(r.lock()).isEqualTo("B");
            assertThat(r.usage()).isEqualTo("SOFTIRQ");
            assertThat(r.step()).isEqualTo(6);
            assertThat(r.text()).containsSubsequence(
                    "=====================================================",
                    "WARNING: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected",
                    "6.8.0-zswapsim #1 Not tainted",
                    "-----------------------------------------------------",
                    "sysfs-writer/100 [HC0[0]:SC0[2]:HE1:SE0] is trying to acquire:",
                    "B (B){+.+.}-{2:2}, at: spin_lock in f (t.yaml:6:7)",
                    "",
                    "and this task is already holding:",
                    "A (A){+.-.}-{2:2}, at: spin_lock in f (t.yaml:5:7)",
                    "which would create a new lock dependency:",
                    " (A){+.-.}-{2:2} -> (B){+.+.}-{2:2}",
                    "",
                    "but this new dependency connects a SOFTIRQ-irq-safe lock:",
                    " (A){+.-.}-{2:2}",
                    "",
                    "... which became SOFTIRQ-irq-safe at:",
                    "  spin_lock",
                    "  cb",
                    "  rcu_do_batch",
                    "  RCU_SOFTIRQ",
                    "  t.yaml:3:7 (step 3)",
                    "",
                    "to a SOFTIRQ-irq-unsafe lock:",
                    " (B){+.+.}-{2:2}",
                    "",
                    "... which became SOFTIRQ-irq-unsafe at:",
                    "...",
                    "  spin_lock",
                    "",
                    "other info that might help us debug this:",
                    "",
                    " Possible interrupt unsafe locking scenario:",
                    "",
                    "       CPU0                    CPU1",
                    "       ----                    ----",
                    "  lock(B);",
                    "                               local_irq_disable();",
                    "                               lock(A);",
                    "                               lock(B);",
                    "  <Interrupt>",
                    "    lock(A);",
                    "",
                    " *** DEADLOCK ***",
                    "",
                    "1 lock held by sysfs-writer/100:",
                    " #0: A (A){+.-.}-{2:2}, at: spin_lock in f (t.yaml:5:7)",
                    "",
                    "the dependencies between SOFTIRQ-irq-safe lock and the holding lock:",
                    "-> (A){+.-.}-{2:2} {",
                    "   HARDIRQ-ON-W at:",
                    "                    spin_lock",
                    "   IN-SOFTIRQ-W at:",
                    "                    spin_lock",
                    "   INITIAL USE at:",
                    "                   spin_lock",
                    " }",
                    " ... key      at: [<A>] A",
                    "",
                    "the dependencies between the lock to be acquired",
                    " and SOFTIRQ-irq-unsafe lock:",
                    "-> (B){+.+.}-{2:2} {",
                    "",
                    "stack backtrace:");
        });
    }

    /** A hardirq-safe lock taking a hardirq-unsafe one says HARDIRQ in the headline. */
    @Test
    void hardirqSafeLockTakesHardirqUnsafeLock_reportsHardirqHeadline() {
        Lockdep ld = new Lockdep();
        lock(ld, PROCESS, "B", 1);
        unlock(ld, PROCESS, "B", 2);
        ld.acquire(TASK, HARDIRQ, "A", "A", 0, false, site("spin_lock", "irq_handler", 3, 3));
        ld.release(TASK, HARDIRQ, "A", "A", site("spin_unlock", "irq_handler", 4, 4));
        lock(ld, IRQS_OFF, "A", 5);
        lock(ld, IRQS_OFF, "B", 6);

        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("irq-safe-to-unsafe");
            assertThat(r.usage()).isEqualTo("HARDIRQ");
            assertThat(r.text()).contains("WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected");
        });
    }

    /** With BH off everywhere B is only HARDIRQ-ON: softirq-safe A may take it. */
    @Test
    void softirqSafeLockTakesBhSafeLock_isSilent() {
        Lockdep ld = new Lockdep();
        lock(ld, BH_OFF, "B", 1);
        unlock(ld, BH_OFF, "B", 2);
        inSoftirq(ld, "A", 3);
        lock(ld, BH_OFF, "A", 5);
        lock(ld, BH_OFF, "B", 6);

        assertThat(ld.reports()).isEmpty();
    }

    /** A -> B exists and B is softirq-unsafe; A then becomes softirq-safe: inversion, looking forwards. */
    @Test
    void lockBecomesSoftirqSafeAfterTakingUnsafeLock_reportsIrqLockInversionForwards() {
        Lockdep ld = new Lockdep();
        lock(ld, BH_OFF, "A", 1);
        lock(ld, BH_OFF, "B", 2);
        unlock(ld, BH_OFF, "B", 3);
        unlock(ld, BH_OFF, "A", 4);
        lock(ld, PROCESS, "B", 5);
        unlock(ld, PROCESS, "B", 6);
        inSoftirq(ld, "A", 7);

        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("irq-lock-inversion");
            assertThat(r.lock()).isEqualTo("A");
            assertThat(r.usage()).isEqualTo("SOFTIRQ");
            assertThat(r.text()).containsSubsequence(
                    "========================================================",
                    "WARNING: possible irq lock inversion dependency detected",
                    "6.8.0-zswapsim #1 Not tainted",
                    "--------------------------------------------------------",
                    "sysfs-writer/100 just changed the state of lock:",
                    "A (A){+.-.}-{2:2}, at: spin_lock in cb (t.yaml:7:7)",
                    "but this lock took another, SOFTIRQ-unsafe lock in the past:",
                    " (B){+.+.}-{2:2}",
                    "",
                    "",
                    "and interrupts could create inverse lock ordering between them.",
                    "",
                    "",
                    "other info that might help us debug this:",
                    " Possible interrupt unsafe locking scenario:",
                    "",
                    "       CPU0                    CPU1",
                    "       ----                    ----",
                    "  lock(B);",
                    "                               local_irq_disable();",
                    "                               lock(A);",
                    "                               lock(B);",
                    "  <Interrupt>",
                    "    lock(A);",
                    "",
                    " *** DEADLOCK ***",
                    "",
                    "no locks held by sysfs-writer/100.",
                    "",
                    "the shortest dependencies between 2nd lock and 1st lock:",
                    " -> (B){+.+.}-{2:2} {",
                    "    HARDIRQ-ON-W at:",
                    "    SOFTIRQ-ON-W at:",
                    "    INITIAL USE at:",
                    "  }",
                    "  ... key      at: [<B>] B",
                    "  ... acquired at:",
                    "   spin_lock",
                    "   f",
                    "   task sysfs-writer",
                    "   t.yaml:2:7 (step 2)",
                    "",
                    "-> (A){+.-.}-{2:2} {",
                    "",
                    "stack backtrace:");
        });
    }

    /** A is softirq-safe and A -> B exists; B then becomes softirq-unsafe: inversion, looking backwards. */
    @Test
    void lockBecomesSoftirqUnsafeAfterSafeLockTookIt_reportsIrqLockInversionBackwards() {
        Lockdep ld = new Lockdep();
        inSoftirq(ld, "A", 1);
        lock(ld, BH_OFF, "A", 3);
        lock(ld, BH_OFF, "B", 4);
        unlock(ld, BH_OFF, "B", 5);
        unlock(ld, BH_OFF, "A", 6);
        lock(ld, PROCESS, "B", 7);

        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("irq-lock-inversion");
            assertThat(r.lock()).isEqualTo("B");
            assertThat(r.text()).contains("but this lock was taken by another, SOFTIRQ-safe lock in the past:");
        });
    }
}

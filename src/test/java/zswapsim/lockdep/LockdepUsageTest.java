package zswapsim.lockdep;

import static org.assertj.core.api.Assertions.assertThat;
import static zswapsim.lockdep.Ctx.BH_OFF;
import static zswapsim.lockdep.Ctx.HARDIRQ;
import static zswapsim.lockdep.Ctx.IRQS_OFF;
import static zswapsim.lockdep.Ctx.PROCESS;
import static zswapsim.lockdep.Ctx.SOFTIRQ;
import static zswapsim.lockdep.Ctx.SOFTIRQ_IRQS_OFF;
import static zswapsim.lockdep.Ctx.TASK;
import static zswapsim.lockdep.Ctx.site;
import static zswapsim.lockdep.Ctx.softirqSite;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Usage bits and the single-lock state rules (mark_usage, mark_held_locks, valid_state). */
class LockdepUsageTest {

    private static final String POOLS = "zswap_pools_lock";

    private static void taskLocks(Lockdep ld, IrqState s, int step) {
        ld.acquire(TASK, s, POOLS, POOLS, 0, false, site("spin_lock", "__zswap_param_set", 3, step));
        ld.release(TASK, s, POOLS, POOLS, site("spin_unlock", "__zswap_param_set", 4, step + 1));
    }

    private static void softirqLocks(Lockdep ld, IrqState s, int step) {
        ld.acquire(TASK, s, POOLS, POOLS, 0, false, softirqSite("spin_lock", "__zswap_pool_empty", 9, step));
        ld.release(TASK, s, POOLS, POOLS, softirqSite("spin_unlock", "__zswap_pool_empty", 10, step + 1));
    }

    private static LockClassUsage pools(Lockdep ld) {
        return ld.classes().stream().filter(c -> c.name().equals(POOLS)).findFirst().orElseThrow();
    }

    /** The pre-fix zswap splat: plain spin_lock in task context, then in the RCU softirq. */
    @Test
    void spinLock_thenInSoftirq_reportsInconsistentStateWithPlusQuestion() {
        Lockdep ld = new Lockdep();
        taskLocks(ld, PROCESS, 1);
        softirqLocks(ld, SOFTIRQ, 40);

        assertThat(pools(ld).usage()).isEqualTo("{+.?.}");
        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("inconsistent-lock-state");
            assertThat(r.lock()).isEqualTo(POOLS);
            assertThat(r.usage()).isEqualTo("{SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W}");
            assertThat(r.step()).isEqualTo(40);
            assertThat(r.text()).startsWith(
                    "================================",
                    "WARNING: inconsistent lock state",
                    "6.8.0-zswapsim #1 Not tainted",
                    "--------------------------------",
                    "inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage.",
                    "sysfs-writer/100 [HC0[0]:SC1[1]:HE1:SE0] takes:",
                    "zswap_pools_lock (zswap_pools_lock){+.?.}-{2:2}, at: spin_lock in __zswap_pool_empty (t.yaml:9:7)",
                    "{SOFTIRQ-ON-W} state was registered at:",
                    "  spin_lock",
                    "  __zswap_param_set",
                    "  task sysfs-writer",
                    "  t.yaml:3:7 (step 1)");
            assertThat(r.text()).containsSubsequence(
                    "other info that might help us debug this:",
                    " Possible unsafe locking scenario:",
                    "",
                    "       CPU0",
                    "       ----",
                    "  lock(zswap_pools_lock);",
                    "  <Interrupt>",
                    "    lock(zswap_pools_lock);",
                    "",
                    " *** DEADLOCK ***",
                    "",
                    "no locks held by sysfs-writer/100.",
                    "",
                    "stack backtrace:",
                    "  spin_lock",
                    "  __zswap_pool_empty",
                    "  rcu_do_batch",
                    "  RCU_SOFTIRQ",
                    "  t.yaml:9:7 (step 40)");
        });
        assertThat(ld.enabled()).isFalse();
    }

    /** The irq event stamp block numbers the recorded transitions and shows where they happened. */
    @Test
    void usageReport_afterIrqTransitions_printsIrqEventStamps() {
        Lockdep ld = new Lockdep();
        taskLocks(ld, PROCESS, 1);
        ld.softirqsOff(TASK, BH_OFF, site("local_bh_disable", "f", 20, 20));
        ld.softirqsOn(TASK, PROCESS, site("local_bh_enable", "f", 21, 21));
        softirqLocks(ld, SOFTIRQ, 40);

        assertThat(ld.reports().get(0).text()).containsSubsequence(
                "irq event stamp: 2",
                "hardirqs last  enabled at (0): [<0000000000000000>] 0x0",
                "hardirqs last disabled at (0): [<0000000000000000>] 0x0",
                "softirqs last  enabled at (2): [<t.yaml:21:7>] local_bh_enable in f",
                "softirqs last disabled at (1): [<t.yaml:20:7>] local_bh_disable in f");
    }

    /** The softirq usage first, then the task's: the reverse headline. */
    @Test
    void inSoftirq_thenSpinLock_reportsInSoftirqToSoftirqOn() {
        Lockdep ld = new Lockdep();
        softirqLocks(ld, SOFTIRQ, 1);
        taskLocks(ld, PROCESS, 5);

        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.usage()).isEqualTo("{IN-SOFTIRQ-W} -> {SOFTIRQ-ON-W}");
            assertThat(r.text()).contains("sysfs-writer/100 [HC0[0]:SC0[0]:HE1:SE1] takes:");
        });
    }

    /** The v2 hotfix: spin_lock_bh everywhere gives {+.-.} and no report. */
    @Test
    void spinLockBh_thenInSoftirq_givesPlusMinusAndNoReport() {
        Lockdep ld = new Lockdep();
        taskLocks(ld, BH_OFF, 1);
        softirqLocks(ld, SOFTIRQ, 40);

        assertThat(pools(ld).usage()).isEqualTo("{+.-.}");
        assertThat(ld.reports()).isEmpty();
        assertThat(ld.enabled()).isTrue();
    }

    /** The v1 hotfix: irqs disabled at every acquisition gives {..-.}: no ENABLED bits at all. */
    @Test
    void irqsDisabled_thenInSoftirqWithIrqsDisabled_givesDotDotMinus() {
        Lockdep ld = new Lockdep();
        taskLocks(ld, IRQS_OFF, 1);
        softirqLocks(ld, SOFTIRQ_IRQS_OFF, 40);

        assertThat(pools(ld).usage()).isEqualTo("{..-.}");
        assertThat(ld.reports()).isEmpty();
    }

    /** classes() lists each set bit with the step of the site that first set it, in bit order. */
    @Test
    void classes_afterUse_listBitsWithFirstSteps() {
        Lockdep ld = new Lockdep();
        taskLocks(ld, BH_OFF, 3);
        taskLocks(ld, BH_OFF, 7);
        softirqLocks(ld, SOFTIRQ, 40);

        assertThat(pools(ld).bits()).containsExactly(
                new LockClassUsage.UsageBitSet("HARDIRQ-ON-W", 3),
                new LockClassUsage.UsageBitSet("IN-SOFTIRQ-W", 40),
                new LockClassUsage.UsageBitSet("INITIAL USE", 3));
    }

    /** Readers get the _READ bits and INITIAL READ USE instead of INITIAL USE. */
    @Test
    void readAcquire_setsReadBits() {
        Lockdep ld = new Lockdep();
        ld.acquire(TASK, PROCESS, "rw", "rw", 1, false, site("down_read", "f", 1, 1));

        assertThat(ld.classes().get(0).usage()).isEqualTo("{.+.+}");
        assertThat(ld.classes().get(0).bits()).extracting(LockClassUsage.UsageBitSet::bit)
                .containsExactly("HARDIRQ-ON-R", "SOFTIRQ-ON-R", "INITIAL READ USE");
    }

    /** A recursive read in hardirq plus a read with irqs on is not a single-lock conflict. */
    @Test
    void readInHardirq_plusReadWithIrqsOn_isNotReported() {
        Lockdep ld = new Lockdep();
        ld.acquire(TASK, HARDIRQ, "rw", "rw", 2, false, site("read_lock", "irq_handler", 1, 1));
        ld.release(TASK, HARDIRQ, "rw", "rw", site("read_unlock", "irq_handler", 2, 2));
        ld.acquire(TASK, PROCESS, "rw", "rw", 1, false, site("read_lock", "f", 3, 3));

        assertThat(ld.reports()).isEmpty();
        assertThat(ld.classes().get(0).usage()).isEqualTo("{.?.+}");
    }

    /** A write with irqs on after a read in hardirq conflicts with the read usage. */
    @Test
    void readInHardirq_thenWriteWithIrqsOn_reportsInHardirqReadToHardirqOnWrite() {
        Lockdep ld = new Lockdep();
        ld.acquire(TASK, HARDIRQ, "rw", "rw", 2, false, site("read_lock", "irq_handler", 1, 1));
        ld.release(TASK, HARDIRQ, "rw", "rw", site("read_unlock", "irq_handler", 2, 2));
        ld.acquire(TASK, PROCESS, "rw", "rw", 0, false, site("write_lock", "f", 3, 3));

        assertThat(ld.reports()).extracting(LockdepReport::usage).containsExactly("{IN-HARDIRQ-R} -> {HARDIRQ-ON-W}");
    }

    /** Enabling hardirqs while holding a hardirq-safe lock marks it HARDIRQ-ON: a report with HE0. */
    @Test
    void hardirqsOn_whileHoldingHardirqSafeLock_reportsWithHardirqsStillOffInHeader() {
        Lockdep ld = new Lockdep();
        ld.acquire(TASK, HARDIRQ, "A", "A", 0, false, site("spin_lock", "irq_handler", 1, 1));
        ld.release(TASK, HARDIRQ, "A", "A", site("spin_unlock", "irq_handler", 2, 2));
        ld.hardirqsOff(TASK, IRQS_OFF, site("local_irq_disable", "f", 3, 3));
        ld.acquire(TASK, IRQS_OFF, "A", "A", 0, false, site("spin_lock", "f", 4, 4));
        ld.hardirqsOn(TASK, PROCESS, site("local_irq_enable", "f", 5, 5));

        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.usage()).isEqualTo("{IN-HARDIRQ-W} -> {HARDIRQ-ON-W}");
            assertThat(r.step()).isEqualTo(5);
            assertThat(r.text()).contains("sysfs-writer/100 [HC0[0]:SC0[0]:HE0:SE1] takes:",
                    "1 lock held by sysfs-writer/100:",
                    " #0: A (A){?...}-{2:2}, at: spin_lock in f (t.yaml:4:7)");
        });
    }

    /**
     * local_bh_enable with hardirqs on marks held locks SOFTIRQ-ON; with hardirqs off it does not,
     * and a second lockdep_softirqs_on() is redundant (current->softirqs_enabled is already set).
     */
    @Test
    void softirqsOn_marksHeldLocksOnlyWithHardirqsOn() {
        IrqState bhOnIrqsOff = new IrqState(false, true, 0, 0, 0, 0, 0, 0);
        Lockdep irqsOff = new Lockdep();
        Lockdep irqsOn = new Lockdep();
        for (Lockdep ld : new Lockdep[] {irqsOff, irqsOn}) {
            ld.softirqsOff(TASK, PROCESS, site("local_bh_disable", "f", 1, 1));
            ld.acquire(TASK, BH_OFF, "A", "A", 0, false, site("spin_lock", "f", 2, 2));
        }
        irqsOff.softirqsOn(TASK, bhOnIrqsOff, site("local_bh_enable", "f", 3, 3));
        irqsOff.softirqsOn(TASK, PROCESS, site("local_bh_enable", "f", 4, 4));
        assertThat(irqsOff.classes().get(0).usage()).isEqualTo("{+...}");

        irqsOn.softirqsOn(TASK, PROCESS, site("local_bh_enable", "f", 3, 3));
        assertThat(irqsOn.classes().get(0).usage()).isEqualTo("{+.+.}");
    }

    /** A trylock in an interrupt records no USED_IN usage: it cannot deadlock against the task. */
    @Test
    void trylockInSoftirq_setsNoInSoftirqBit() {
        Lockdep ld = new Lockdep();
        taskLocks(ld, PROCESS, 1);
        ld.acquire(TASK, SOFTIRQ, POOLS, POOLS, 0, true, softirqSite("spin_trylock", "g", 9, 9));

        assertThat(ld.reports()).isEmpty();
        assertThat(pools(ld).usage()).isEqualTo("{+.+.}");
    }

    /** Every usage report ends with the held locks and the current stack, never blank lines. */
    @Test
    void reportText_hasNoLeadingOrTrailingBlankLines() {
        Lockdep ld = new Lockdep();
        taskLocks(ld, PROCESS, 1);
        softirqLocks(ld, SOFTIRQ, 40);
        List<String> text = ld.reports().get(0).text();

        assertThat(text.get(0)).isNotBlank();
        assertThat(text.get(text.size() - 1)).isEqualTo("  t.yaml:9:7 (step 40)");
    }
}

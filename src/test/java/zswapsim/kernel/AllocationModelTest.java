package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import zswapsim.lockdep.LockdepReport;

/**
 * kmalloc() as might_alloc() annotates it (the fs_reclaim map, then might_sleep()), might_sleep()
 * as an op, and lockdep_assert_held()'s WARN: what each reports, in the kernel's layout.
 */
class AllocationModelTest {
    private static final String RECLAIM = """
            scenario: fs_reclaim
            cpus: 2
            locks: { M: mutex, A: spinlock }
            handlers:
              shrink: [ {mutex_lock: M}, {mutex_unlock: M} ]
            tasks:
              - name: writer
                cpu: 0
                run: [ mutex_lock: M, kmalloc: GFP_KERNEL, mutex_unlock: M ]
              - name: kswapd0
                cpu: 1
                run: [ fs_reclaim_acquire: GFP_KERNEL, call: shrink, fs_reclaim_release: GFP_KERNEL ]
            """;

    private static List<LockdepReport> reports(Harness h) {
        return h.state.lockdep().reports();
    }

    /**
     * Reclaim takes M under fs_reclaim; a GFP_KERNEL allocation under M takes fs_reclaim:
     * print_circular_bug() names the map as the kernel prints it, {@code (fs_reclaim){+.+.}-{0:0}}.
     */
    @Test
    void gfpKernel_underALockReclaimTakes_isCircularThroughFsReclaim() {
        Harness h = new Harness(RECLAIM).play("s1 s1 s1 s1 s1 s0 s0");
        assertThat(reports(h)).hasSize(1);
        assertThat(reports(h).get(0).kind()).isEqualTo("circular-locking");
        assertThat(reports(h).get(0).text()).containsSubsequence(
                "WARNING: possible circular locking dependency detected",
                "writer/100 is trying to acquire lock:",
                "fs_reclaim (fs_reclaim){+.+.}-{0:0}, at: fs_reclaim_acquire in writer (test.yaml:9:27)",
                "but task is already holding lock:",
                "M (M){+.+.}-{3:3}, at: mutex_lock(M) in writer (test.yaml:9:12)",
                "-> #1 (M){+.+.}-{3:3}:",
                "       shrink",
                "-> #0 (fs_reclaim){+.+.}-{0:0}:",
                " Possible unsafe locking scenario:",
                "  lock(M);",
                "                               lock(fs_reclaim);",
                "                               lock(M);",
                "  lock(fs_reclaim);",
                " *** DEADLOCK ***",
                "1 lock held by writer/100:",
                " #0: M (M){+.+.}-{3:3}, at: mutex_lock(M) in writer (test.yaml:9:12)");
    }

    /** GFP_ATOMIC and GFP_NOWAIT neither take fs_reclaim nor sleep: no dependency, nothing to report. */
    @Test
    void gfpAtomicAndNowait_underTheLock_reportNothing() {
        Harness h = new Harness(RECLAIM.replace("kmalloc: GFP_KERNEL, mutex_unlock", "kmalloc: GFP_ATOMIC, kmalloc: GFP_NOWAIT, mutex_unlock"))
                .play("s1 s1 s1 s1 s1 s0 s0 s0 s0");
        assertThat(reports(h)).isEmpty();
        assertThat(h.state.lockdep().dependencies()).extracting(d -> d.from() + "->" + d.to()).containsExactly("fs_reclaim->M");
    }

    /**
     * Reclaim runs with PF_MEMALLOC: a GFP_KERNEL allocation inside it (a shrinker's buffer) and a
     * nested fs_reclaim_acquire() take no second fs_reclaim (no recursive locking), and the map is
     * held until the outermost release.
     */
    @Test
    void gfpKernel_insideReclaim_takesNoSecondFsReclaim() {
        Harness h = new Harness("""
                scenario: a shrinker allocates
                cpus: 1
                tasks:
                  - name: kswapd0
                    cpu: 0
                    kthread: true
                    run: [ fs_reclaim_acquire: GFP_KERNEL, kmalloc: GFP_KERNEL, fs_reclaim_acquire: GFP_KERNEL,
                           fs_reclaim_release: GFP_KERNEL, note: still in reclaim, fs_reclaim_release: GFP_KERNEL ]
                """).play("s0 s0 s0 s0 s0");
        assertThat(reports(h)).isEmpty();
        assertThat(h.state.lockdep().heldLocksHash(h.state.tasks.get(0).lockdepTask)).as("fs_reclaim still held").isNotZero();
        h.stepWhilePossible(0);
        assertThat(reports(h)).as("the last release matched the first acquire").isEmpty();
    }

    /** GFP_KERNEL under a spinlock is __might_resched()'s BUG, with kmalloc on top of the call trace. */
    @Test
    void gfpKernel_underASpinlock_isSleepInAtomic() {
        Harness h = new Harness("""
                scenario: kmalloc under a spinlock
                cpus: 1
                locks: { A: spinlock }
                tasks:
                  - cpu: 0
                    run: [ spin_lock: A, kmalloc: GFP_ATOMIC, kmalloc: GFP_KERNEL, spin_unlock: A ]
                """).step(0, 3);
        assertThat(reports(h)).extracting(LockdepReport::kind).containsExactly("sleep-in-atomic");
        assertThat(reports(h).get(0).text()).containsSubsequence(
                "BUG: sleeping function called from invalid context at test.yaml:6",
                "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 100, name: task0",
                "1 lock held by task0/100:",
                " #0: A (A){+.+.}-{2:2}, at: spin_lock(A) in task0 (test.yaml:6:12)",
                "Call Trace:",
                "  kmalloc",
                "  task0");
    }

    /**
     * might_sleep() on its own inside rcu_read_lock(): the BUG counts the RCU nest depth, and the
     * held-lock list shows the reader as the kernel prints rcu_lock_map, {@code (rcu_read_lock){....}-{1:2}}.
     */
    @Test
    void mightSleep_inRcuReader_isSleepInAtomic_listingRcuReadLock() {
        Harness h = new Harness("""
                scenario: might_sleep in a reader
                cpus: 1
                tasks:
                  - cpu: 0
                    run: [ might_sleep, rcu_read_lock, might_sleep, rcu_read_unlock ]
                """).step(0, 3);
        assertThat(reports(h)).hasSize(1);
        assertThat(reports(h).get(0).text()).containsSubsequence(
                "BUG: sleeping function called from invalid context at test.yaml:5",
                "preempt_count: 0, expected: 0",
                "RCU nest depth: 1, expected: 0",
                "1 lock held by task0/100:",
                " #0: rcu_read_lock (rcu_read_lock){....}-{1:2}, at: rcu_read_lock in task0 (test.yaml:5:25)",
                "Call Trace:",
                "  might_sleep");
    }

    /** rcu_read_lock is held with check 0: locks around it still depend on each other, none on it. */
    @Test
    void rcuReadLock_betweenTwoLocks_addsNoDependencyOfItsOwn() {
        Harness h = new Harness("""
                scenario: a reader between two locks
                cpus: 1
                locks: { A: spinlock, B: spinlock }
                tasks:
                  - cpu: 0
                    run: [ spin_lock: A, rcu_read_lock, spin_lock: B, spin_unlock: B, rcu_read_unlock, spin_unlock: A ]
                """).step(0, 6);
        assertThat(h.state.lockdep().dependencies()).extracting(d -> d.from() + "->" + d.to()).containsExactly("A->B");
        assertThat(h.state.lockdep().classes()).filteredOn(c -> c.name().equals("rcu_read_lock"))
                .extracting(c -> c.usage()).containsExactly("{....}");
    }

    private static final String ASSERT = """
            scenario: lockdep_assert_held
            cpus: 1
            locks: { L: spinlock }
            handlers:
              irq: [ lockdep_assert_held: L ]
            tasks:
              - name: updater
                cpu: 0
                run: [ spin_lock: L, lockdep_assert_held: L, in_hardirq: [ call: irq ], spin_unlock: L, lockdep_assert_held: L ]
            """;

    /** Held by the task, or by the task a hardirq interrupted (__lock_is_held() looks at all of current's locks): silent. */
    @Test
    void lockdepAssertHeld_heldByTheTaskOrTheInterruptedTask_isSilent() {
        Harness h = new Harness(ASSERT.replace("in_hardirq: [ call: irq ]", "local_irq_disable, local_irq_enable")).step(0, 4);
        assertThat(reports(h)).isEmpty();
        h = new Harness(ASSERT).step(0, 5);
        assertThat(reports(h)).isEmpty();
    }

    /**
     * Not held: WARN_ON() in __warn()'s layout (cut here, WARNING: CPU: PID: at, Modules, the
     * CPU/PID/Comm line, RIP, the call trace in <TASK>, the irq events, the end marker); it taints
     * the kernel and leaves lockdep on.
     */
    @Test
    void lockdepAssertHeld_notHeld_warnsInTheKernelsLayout() {
        Harness h = new Harness(ASSERT).step(0, 7);
        assertThat(reports(h)).hasSize(1);
        LockdepReport r = reports(h).get(0);
        assertThat(r.kind()).isEqualTo("lockdep-assert-held");
        assertThat(r.lock()).isEqualTo("L");
        assertThat(r.text()).containsExactly(
                "------------[ cut here ]------------",
                "WARNING: CPU: 0 PID: 100 at test.yaml:9 lockdep_assert_held(L) in updater (test.yaml:9:93)",
                "Modules linked in:",
                "CPU: 0 PID: 100 Comm: updater Not tainted 6.8.0-zswapsim #1",
                "RIP: 0010:lockdep_assert_held(L) in updater (test.yaml:9:93)",
                "Call Trace:",
                " <TASK>",
                "  lockdep_assert_held(L)",
                "  updater",
                "  test.yaml:9:93 (step 7)",
                " </TASK>",
                r.text().get(11),
                r.text().get(12),
                r.text().get(13),
                r.text().get(14),
                r.text().get(15),
                "---[ end trace 0000000000000000 ]---");
        assertThat(r.text().get(11)).startsWith("irq event stamp: ");
        assertThat(h.state.lockdep().enabled()).isTrue();
    }
}

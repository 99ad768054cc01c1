package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import zswapsim.lockdep.LockdepReport;

/**
 * raw_spinlock_t, the _nested()/_nest_lock() annotations, preempt_count as the kernel counts it,
 * and the task-exit check: what the model does with them, and what lockdep then sees.
 */
class LockAnnotationModelTest {

    private static List<String> kinds(Harness h) {
        return h.state.lockdep().reports().stream().map(LockdepReport::kind).toList();
    }

    /** raw_spin_lock() is a spinlock to the CPU: preemption off, and a second CPU spins on it. */
    @Test
    void rawSpinLock_disablesPreemption_andOthersSpin() {
        Harness h = new Harness("""
                scenario: raw
                cpus: 2
                locks: { R: raw_spinlock }
                tasks:
                  - cpu: 0
                    run: [ { raw_spin_lock_irqsave: R }, { raw_spin_unlock_irqrestore: R } ]
                  - cpu: 1
                    run: [ { raw_spin_lock: R }, { raw_spin_unlock: R } ]
                """).play("s0 s1");
        assertThat(h.cpu(0).preempt).isEqualTo(1);
        assertThat(h.cpu(0).irqsOff).isTrue();
        assertThat(h.top(1).wait).isEqualTo(Wait.SPIN);
        h.play("s0 s1 s1");
        assertThat(h.cpu(0).irqsOff).isFalse();
        assertThat(h.state.lockdep().reports()).isEmpty();
    }

    /** spin_lock_nested() of the lock already held changes lockdep's class, not the lock: the CPU deadlocks on itself, unreported. */
    @Test
    void spinLockNested_sameInstance_stillDeadlocks_butLockdepIsQuiet() {
        Harness h = new Harness("""
                scenario: nested on itself
                cpus: 1
                locks: { A: spinlock }
                tasks:
                  - cpu: 0
                    run: [ { spin_lock: A }, { spin_lock_nested: { lock: A, subclass: 1 } } ]
                """).play("s0 s0");
        assertThat(h.state.deadlock.kind().text()).isEqualTo("self");
        assertThat(h.state.lockdep().reports()).isEmpty();
        assertThat(h.events).anySatisfy(e -> assertThat(e.text()).isEqualTo("spin_lock_nested(A, 1)"));
    }

    /** mutex_lock_nest_lock() under its nest lock: the second mutex of the class is no recursion. */
    @Test
    void mutexLockNestLock_underTheNestLock_isNotRecursive() {
        Harness h = new Harness("""
                scenario: nest lock
                cpus: 1
                locks:
                  mm: mutex
                  av1: { type: mutex, class: "&anon_vma->rwsem" }
                  av2: { type: mutex, class: "&anon_vma->rwsem" }
                tasks:
                  - cpu: 0
                    run:
                      - mutex_lock: mm
                      - mutex_lock_nest_lock: { lock: av1, nest_lock: mm }
                      - mutex_lock_nest_lock: { lock: av2, nest_lock: mm }
                      - mutex_unlock: av2
                      - mutex_unlock: av1
                      - mutex_unlock: mm
                """).step(0, 6);
        assertThat(h.state.lockdep().reports()).isEmpty();
        assertThat(h.moves()).isEmpty();
    }

    /**
     * spin_lock_nest_lock(), raw_spin_lock_nest_lock() and down_write_nest_lock() as
     * mm_take_all_locks() uses them: under the nest lock a second lock of one class is no
     * recursion, and the spinning forms disable preemption as spin_lock() does.
     */
    @Test
    void spinAndRwsemNestLock_underTheNestLock_areNotRecursive() {
        Harness h = new Harness("""
                scenario: nest locks
                cpus: 1
                locks:
                  mmap_lock: rwsem
                  av1: { type: rwsem, class: "&anon_vma->rwsem" }
                  av2: { type: rwsem, class: "&anon_vma->rwsem" }
                  mmu: spinlock
                  s1: { type: spinlock, class: "&sp->lock" }
                  s2: { type: spinlock, class: "&sp->lock" }
                  rq: raw_spinlock
                  r1: { type: raw_spinlock, class: "&rq->__lock" }
                  r2: { type: raw_spinlock, class: "&rq->__lock" }
                tasks:
                  - cpu: 0
                    run:
                      - down_write: mmap_lock
                      - down_write_nest_lock: { lock: av1, nest_lock: mmap_lock }
                      - down_write_nest_lock: { lock: av2, nest_lock: mmap_lock }
                      - spin_lock: mmu
                      - spin_lock_nest_lock: { lock: s1, nest_lock: mmu }
                      - spin_lock_nest_lock: { lock: s2, nest_lock: mmu }
                      - raw_spin_lock: rq
                      - raw_spin_lock_nest_lock: { lock: r1, nest_lock: rq }
                      - raw_spin_lock_nest_lock: { lock: r2, nest_lock: rq }
                      - raw_spin_unlock: r2
                """).step(0, 9);
        assertThat(h.cpu(0).preempt).isEqualTo(6);
        assertThat(h.state.lockdep().reports()).isEmpty();
        assertThat(h.events).anySatisfy(e -> assertThat(e.text()).isEqualTo("spin_lock_nest_lock(s2, mmu)"));
    }

    /**
     * lockdep_assert_held() of a lock that a merged nest-lock entry stands for passes although that
     * instance was never taken: match_held_lock() compares classes once an entry has references.
     */
    @Test
    void lockdepAssertHeld_ofALockAMergedNestLockEntryCovers_passes() {
        Harness h = new Harness("""
                scenario: assert by class
                cpus: 1
                locks:
                  kvm: mutex
                  other: mutex
                  v0: { type: mutex, class: "&vcpu->mutex" }
                  v1: { type: mutex, class: "&vcpu->mutex" }
                  v2: { type: mutex, class: "&vcpu->mutex" }
                tasks:
                  - cpu: 0
                    run:
                      - mutex_lock: kvm
                      - mutex_lock_nest_lock: { lock: v0, nest_lock: kvm }
                      - mutex_lock_nest_lock: { lock: v1, nest_lock: kvm }
                      - lockdep_assert_held: v2
                      - lockdep_assert_held: other
                      - mutex_unlock: v1
                      - mutex_unlock: v0
                      - mutex_unlock: kvm
                """).step(0, 4);
        assertThat(h.state.lockdep().reports()).isEmpty();
        h.step(0, 1);
        assertThat(kinds(h)).containsExactly("lockdep-assert-held");
    }

    /**
     * A _nest_lock() acquire merged into a plain entry of its class leaves an entry with references
     * but no nest lock; releasing it is match_held_lock()'s DEBUG_LOCKS_WARN_ON(!hlock->nest_lock):
     * lockdep turns off, no bad unlock balance, and the ABBA that follows goes unreported.
     */
    @Test
    void release_ofANestLockAcquireMergedIntoAPlainEntry_turnsLockdepOffWithoutAReport() {
        Harness h = new Harness("""
                scenario: merged into a plain entry
                cpus: 1
                locks:
                  kvm: mutex
                  v0: { type: mutex, class: "&vcpu->mutex" }
                  v1: { type: mutex, class: "&vcpu->mutex" }
                  a: mutex
                  b: mutex
                tasks:
                  - cpu: 0
                    run:
                      - mutex_lock: kvm
                      - mutex_lock: v0
                      - mutex_lock_nest_lock: { lock: v1, nest_lock: kvm }
                      - mutex_unlock: v1
                      - mutex_unlock: v0
                      - mutex_unlock: kvm
                      - mutex_lock: a
                      - mutex_lock: b
                      - mutex_unlock: b
                      - mutex_unlock: a
                      - mutex_lock: b
                      - mutex_lock: a
                """).step(0, 3);
        assertThat(h.state.lockdep().enabled()).isTrue();
        h.step(0, 1);
        assertThat(h.state.lockdep().enabled()).isFalse();
        h.step(0, 8);
        assertThat(h.state.lockdep().reports()).isEmpty();
    }

    /**
     * A spinlock unlocked twice while a merged nest-lock entry counts it: lockdep only drops a
     * reference, then CONFIG_DEBUG_SPINLOCK's spin_bug() "already unlocked" turns lockdep off, so
     * the unlock that no entry matches any more is no bad unlock balance.
     */
    @Test
    void doubleUnlock_absorbedByAMergedEntry_spinBugTurnsLockdepOff() {
        Harness h = new Harness("""
                scenario: double unlock
                cpus: 1
                locks:
                  table: mutex
                  b1: { type: spinlock, class: "&bucket->lock" }
                  b2: { type: spinlock, class: "&bucket->lock" }
                tasks:
                  - name: resize
                    cpu: 0
                    run:
                      - mutex_lock: table
                      - spin_lock_nest_lock: { lock: b1, nest_lock: table }
                      - spin_lock_nest_lock: { lock: b2, nest_lock: table }
                      - spin_unlock: b1
                      - spin_unlock: b1
                      - spin_unlock: b2
                      - mutex_unlock: table
                """).step(0, 4);
        assertThat(h.state.lockdep().enabled()).isTrue();
        h.step(0, 1);
        assertThat(h.events).filteredOn(e -> e.kind().equals("warn")).singleElement().satisfies(e ->
                assertThat(e.text()).startsWith("BUG: spinlock already unlocked on CPU#0, resize/100: b1 is not locked"));
        assertThat(h.state.lockdep().enabled()).isFalse();
        h.step(0, 2);
        assertThat(h.state.lockdep().reports()).isEmpty();
    }

    /** Without its nest lock, down_write_nest_lock() is lockdep's "Nested lock was not taken". */
    @Test
    void downWriteNestLock_withoutTheNestLock_isReported() {
        Harness h = new Harness("""
                scenario: nest lock not taken
                cpus: 1
                locks:
                  mmap_lock: rwsem
                  av1: { type: rwsem, class: "&anon_vma->rwsem" }
                tasks:
                  - cpu: 0
                    run: [ { down_write_nest_lock: { lock: av1, nest_lock: mmap_lock } }, { up_write: av1 } ]
                """).step(0, 1);
        assertThat(kinds(h)).containsExactly("nested-lock-not-taken");
        assertThat(h.state.lockdep().reports().get(0).text()).containsSubsequence("but this task is not holding:", "mmap_lock");
    }

    /** A spinlock taken inside a softirq: preempt_count 0x101 (SOFTIRQ_OFFSET + 1), printed as the kernel does, "101". */
    @Test
    void sleepInSoftirqUnderSpinlock_printsPreemptCount101() {
        Harness h = new Harness("""
                scenario: softirq sleeps
                cpus: 1
                locks: { L: spinlock }
                handlers:
                  rx: [ { spin_lock: L }, { kmalloc: GFP_KERNEL }, { spin_unlock: L } ]
                tasks:
                  - cpu: 0
                    run: [ { note: idle } ]
                interrupts:
                  - softirq: rx
                """).play("i0.0 s0 s0");
        assertThat(h.state.lockdep().reports().get(0).text()).contains("preempt_count: 101, expected: 0");
    }

    /** spin_lock_bh() adds SOFTIRQ_LOCK_OFFSET: BH disabled and one preemption count, preempt_count 0x201. */
    @Test
    void spinLockBh_countsSoftirqLockOffset_preemptCount201() {
        Harness h = new Harness("""
                scenario: bh lock
                cpus: 1
                locks: { L: spinlock }
                tasks:
                  - cpu: 0
                    run: [ { spin_lock_bh: L }, { kmalloc: GFP_KERNEL }, { spin_unlock_bh: L } ]
                """).play("s0");
        assertThat(h.cpu(0).bh).isEqualTo(1);
        assertThat(h.cpu(0).preempt).isEqualTo(1);
        h.play("s0");
        assertThat(h.state.lockdep().reports().get(0).text()).contains("preempt_count: 201, expected: 0");
        h.play("s0");
        assertThat(h.cpu(0).bh).isZero();
        assertThat(h.cpu(0).preempt).isZero();
    }

    /** local_bh_enable() with hardirqs off warns (lockdep_assert_irqs_enabled()) instead of saying nothing. */
    @Test
    void localBhEnable_withHardirqsOff_warns() {
        Harness h = new Harness("""
                scenario: bh on with irqs off
                cpus: 1
                tasks:
                  - cpu: 0
                    run: [ local_bh_disable, local_irq_disable, local_bh_enable, local_irq_enable ]
                """).step(0, 3);
        assertThat(h.events).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("warn");
            assertThat(e.text()).startsWith("WARNING: CPU: 0 PID: 100 at kernel/softirq.c __local_bh_enable_ip:");
        });
    }

    /** A kthread whose code ends with a lock held: do_exit()'s "still has locks held!", and the lock stays held. */
    @Test
    void kthreadExitsHoldingALock_isHeldLockAtExit() {
        Harness h = new Harness("""
                scenario: leak
                cpus: 1
                locks: { M: mutex }
                tasks:
                  - name: leaker
                    cpu: 0
                    kthread: true
                    run: [ { mutex_lock: M } ]
                """).step(0, 1);
        assertThat(kinds(h)).containsExactly("held-lock-at-exit");
        assertThat(h.state.lockdep().reports().get(0).text()).containsSubsequence(
                "WARNING: leaker/100 still has locks held!",
                "1 lock held by leaker/100:",
                " #0: M (M){+.+.}-{3:3}, at: mutex_lock(M) in leaker (test.yaml:8:14)",
                "stack backtrace:",
                "  do_exit");
        assertThat(h.last().text()).isEqualTo("task leaker exits");
        assertThat(h.holds("M")).isTrue();
    }

    /**
     * A user task (the default) whose system call ends with a lock held: its task work runs first,
     * then lockdep_sys_exit()'s "lock held when returning to user space!", line by line as the kernel
     * prints it (no stack backtrace); do_exit()'s check never runs.
     */
    @Test
    void userTaskReturnsHoldingALock_isLockHeldReturningToUser_afterTheTaskWork() {
        Harness h = new Harness("""
                scenario: leak
                cpus: 1
                locks: { M: mutex }
                handlers:
                  w: [ {note: task work} ]
                tasks:
                  - name: leaker
                    cpu: 0
                    run: [ { mutex_lock: M }, { task_work_add: w } ]
                """);
        for (int i = 0; i < 8 && !h.moves().isEmpty(); i++) {
            h.play("s0");
        }
        assertThat(kinds(h)).containsExactly("held-lock-at-exit");
        assertThat(h.state.lockdep().reports().get(0).text()).containsExactly(
                "================================================",
                "WARNING: lock held when returning to user space!",
                "6.8.0-zswapsim #1 Not tainted",
                "------------------------------------------------",
                "leaker/100 is leaving the kernel with locks still held!",
                "1 lock held by leaker/100:",
                " #0: M (M){+.+.}-{3:3}, at: mutex_lock(M) in leaker (test.yaml:9:14)");
        List<String> texts = h.events.stream().map(e -> e.text()).toList();
        assertThat(texts).containsSubsequence("note: task work", "task leaker returns to user space");
        assertThat(h.state.lockdep().reports().get(0).step())
                .isEqualTo(h.events.stream().filter(e -> e.text().equals("task leaker returns to user space"))
                        .findFirst().orElseThrow().step());
        assertThat(h.holds("M")).isTrue();
    }

    /**
     * A kthread never returns to user space, but do_exit() runs its task work (exit_task_work(),
     * kernel/exit.c) before debug_check_no_locks_held(): a work that releases the kthread's lock
     * leaves nothing held at the check (incident 44-fixed).
     */
    @Test
    void kthread_taskWork_runsInDoExit_beforeTheHeldLockCheck() {
        Harness h = new Harness("""
                scenario: kthread task work
                cpus: 1
                locks: { M: mutex }
                handlers:
                  w: [ {note: task work}, { mutex_unlock: M } ]
                tasks:
                  - name: kt
                    cpu: 0
                    kthread: true
                    run: [ { mutex_lock: M }, { task_work_add: w }, { note: end } ]
                """);
        for (int i = 0; i < 10 && !h.moves().isEmpty(); i++) {
            h.play("s0");
        }
        List<String> texts = h.events.stream().map(e -> e.text()).toList();
        assertThat(texts).containsSubsequence("note: end", "note: task work", "task kt exits");
        assertThat(h.state.lockdep().reports()).isEmpty();
        assertThat(h.holds("M")).isFalse();
    }

    /** lockdep: {prove_raw_lock_nesting: true} turns spinlock_t under raw_spinlock_t into a report, with that config's numbers. */
    @Test
    void proveRawLockNesting_spinlockUnderRaw_isReported() {
        String yaml = """
                scenario: raw nesting
                cpus: 1
                %s
                locks: { R: raw_spinlock, S: spinlock }
                tasks:
                  - cpu: 0
                    run: [ { raw_spin_lock: R }, { spin_lock: S }, { spin_unlock: S }, { raw_spin_unlock: R } ]
                """;
        Harness plain = new Harness(yaml.formatted("")).step(0, 4);
        assertThat(plain.state.lockdep().reports()).isEmpty();
        Harness proving = new Harness(yaml.formatted("lockdep: { prove_raw_lock_nesting: true }")).step(0, 2);
        assertThat(kinds(proving)).containsExactly("invalid-wait-context");
        assertThat(proving.state.lockdep().reports().get(0).text()).containsSubsequence(
                "S (S){....}-{3:3}, at: spin_lock(S) in task0 (test.yaml:7:36)",
                "context-{5:5}",
                " #0: R (R){+.+.}-{2:2}, at: raw_spin_lock(R) in task0 (test.yaml:7:14)");
    }

    /** raw_spin_trylock() as an if: condition: a busy raw lock takes the else: ops and gives preemption back. */
    @Test
    void rawSpinTrylock_asCondition_busyTakesElse() {
        Harness h = new Harness("""
                scenario: raw trylock
                cpus: 2
                locks: { R: raw_spinlock }
                tasks:
                  - cpu: 0
                    run: [ { raw_spin_lock: R }, { note: held }, { raw_spin_unlock: R } ]
                  - cpu: 1
                    run:
                      - if: { raw_spin_trylock: R }
                        then: [ { note: got it }, { raw_spin_unlock: R } ]
                        else: [ { note: busy } ]
                """).play("s0 s1 s1");
        assertThat(h.events).anySatisfy(e -> assertThat(e.text()).isEqualTo("note: busy"));
        assertThat(h.cpu(1).preempt).isZero();
    }

    /**
     * look_up_lock_class() refuses a subclass of MAX_LOCKDEP_SUBCLASSES or more: "BUG: looking up
     * invalid subclass", debug_locks_off(), no report; the lock is still taken, and the inverted
     * order that follows (B then A), circular-locking with lockdep on, goes unreported.
     */
    @Test
    void subclassOfEightOrMore_turnsLockdepOffWithoutAReport_theLockStillExcludes() {
        Harness h = new Harness("""
                scenario: invalid subclass
                cpus: 1
                locks: { A: spinlock, B: spinlock }
                tasks:
                  - cpu: 0
                    run: [ { spin_lock_nested: { lock: A, subclass: 8 } }, { spin_lock: B }, { spin_unlock: B }, { spin_unlock: A },
                           { spin_lock: B }, { spin_lock: A }, { spin_unlock: A }, { spin_unlock: B } ]
                """).step(0, 1);
        assertThat(h.holds("A")).isTrue();
        assertThat(h.state.lockdep().enabled()).isFalse();
        assertThat(h.events).anyMatch(e -> e.kind().equals("warn") && e.text().contains("BUG: looking up invalid subclass: 8"));
        h.stepWhilePossible(0);
        assertThat(h.state.lockdep().reports()).isEmpty();
    }
}

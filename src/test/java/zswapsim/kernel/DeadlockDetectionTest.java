package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The deadlock kinds and the wait-for edges of every kind of wait, detected as soon as the cycle closes. */
class DeadlockDetectionTest {
    /** A softirq spinning on a lock its interrupted task holds is a self deadlock at once. */
    @Test
    void softirqSpinsOnLockOfInterruptedTask_isSelfDeadlock() {
        Harness h = new Harness("""
                scenario: self
                cpus: 1
                locks: { L: spinlock }
                handlers:
                  timer_fn: [ { spin_lock: L }, { spin_unlock: L } ]
                tasks:
                  - cpu: 0
                    run: [ { spin_lock: L }, { spin_unlock: L } ]
                interrupts:
                  - softirq: timer_fn
                """).play("s0 i0.0 s0");
        assertThat(h.state.deadlock.kind().text()).isEqualTo("self");
        assertThat(h.state.deadlock.locks()).containsExactly("L");
        assertThat(h.moves()).isEmpty();
    }

    /**
     * flush_work() of a work an ordered workqueue holds back behind the one running there waits
     * for that one: with the running work asleep on the flusher's mutex, a wait-for cycle (not a
     * stall), and the message names the workqueue that holds it back.
     */
    @Test
    void flushWork_heldBackOnOrderedWorkqueue_waitsForTheRunningWork_isCycle() {
        Harness h = new Harness("""
                scenario: ordered flush
                cpus: 1
                locks: { M: mutex }
                workqueues: { wq: { ordered: true } }
                works: { first: first_fn, second: second_fn }
                handlers:
                  first_fn: [ { mutex_lock: M }, { mutex_unlock: M } ]
                  second_fn: [ note: runs ]
                tasks:
                  - cpu: 0
                    run:
                      - mutex_lock: M
                      - queue_work: { wq: wq, work: first }
                      - queue_work: { wq: wq, work: second }
                      - flush_work: second
                      - mutex_unlock: M
                """).play("s0 s0 s0 s0 w0.4 s0");     // kworker/u4:1 takes first
        assertThat(h.state.deadlock).as("first_fn has not slept on M yet").isNull();
        h.play("s0");
        assertThat(h.state.deadlock.kind().text()).isEqualTo("cycle");
        assertThat(h.state.deadlock.explanation()).contains("flush_work(second), which the ordered workqueue wq holds back");
    }

    /**
     * percpu_ref_resurrect() inside an RCU reader, while the kill's switch is in flight, sleeps
     * until percpu_ref_switch_to_atomic_rcu() confirms it; that callback needs a grace period the
     * sleeping reader holds up: a self deadlock as soon as the grace period starts, not a stall.
     */
    @Test
    void resurrectInsideReader_waitsForTheSwitchCallbacksGracePeriod_isSelfDeadlock() {
        Harness h = new Harness("""
                scenario: resurrect inside a reader
                cpus: 1
                refs:
                  pool: { type: percpu_ref, release: pool_empty, flags: [allow_reinit] }
                handlers:
                  pool_empty: [ note: released ]
                tasks:
                  - cpu: 0
                    run:
                      - percpu_ref_kill: pool
                      - rcu_read_lock
                      - percpu_ref_resurrect: pool
                      - rcu_read_unlock
                """).play("s0 s0 s0 g");
        assertThat(h.state.deadlock.kind().text()).isEqualTo("self");
        assertThat(h.state.deadlock.explanation())
                .contains("sleeps in __percpu_ref_switch_mode() until percpu_ref_switch_to_atomic_rcu() confirms the switch")
                .contains("to leave its RCU reader");
    }

    /** Two CPUs taking two locks in opposite orders form a wait-for cycle. */
    @Test
    void abba_onTwoCpus_isCycle() {
        Harness h = new Harness("""
                scenario: abba
                cpus: 2
                locks: { A: spinlock, B: spinlock }
                tasks:
                  - cpu: 0
                    run: [ { spin_lock: A }, { spin_lock: B }, { spin_unlock: B }, { spin_unlock: A } ]
                  - cpu: 1
                    run: [ { spin_lock: B }, { spin_lock: A }, { spin_unlock: A }, { spin_unlock: B } ]
                """).play("s0 s1 s0");
        assertThat(h.state.deadlock).isNull();
        h.play("s1");
        assertThat(h.state.deadlock.kind().text()).isEqualTo("cycle");
        assertThat(h.state.deadlock.cpus()).containsExactly(0, 1);
    }

    /** synchronize_rcu() inside a read-side critical section waits for its own reader: a self deadlock once the grace period starts. */
    @Test
    void synchronizeRcuInsideReader_waitsForItself_isSelfDeadlock() {
        Harness h = new Harness("""
                scenario: self-wait
                cpus: 1
                tasks:
                  - cpu: 0
                    run: [ rcu_read_lock, synchronize_rcu, rcu_read_unlock ]
                """).play("s0 s0");
        assertThat(h.state.deadlock).as("no grace period has started yet").isNull();
        h.play("g");
        assertThat(h.moves()).isEmpty();
        assertThat(h.state.deadlock.kind().text()).isEqualTo("self");
        assertThat(h.state.deadlock.explanation()).isEqualTo("self deadlock: CPU0 task task0 (task0) sleeps in "
                + "synchronize_rcu() until grace period 1 ends, which waits for CPU0 task task0 to leave its RCU reader, "
                + "which is itself");
    }

    /** A task-context reader queued behind a waiting writer (qrwlock) waits for it: with the writer waiting for the reader's first hold, a cycle. */
    @Test
    void nestedReadLock_behindWaitingWriter_isCycle() {
        Harness h = new Harness("""
                scenario: read behind writer
                cpus: 2
                locks: { R: rwlock }
                tasks:
                  - name: reader
                    cpu: 0
                    run: [ { read_lock: R }, { read_lock: R }, { read_unlock: R }, { read_unlock: R } ]
                  - name: writer
                    cpu: 1
                    run: [ { write_lock: R }, { write_unlock: R } ]
                """).play("s0 s1");
        assertThat(h.state.deadlock).as("the writer waits for a reader that can go on").isNull();
        h.play("s0");
        assertThat(h.state.deadlock.kind().text()).isEqualTo("cycle");
        assertThat(h.state.deadlock.cpus()).containsExactly(0, 1);
        assertThat(h.state.deadlock.explanation()).isEqualTo("deadlock (wait-for cycle): CPU0 task reader (reader) spins "
                + "on R held by CPU0 task reader (read), queued behind the waiting writer CPU1 task writer; "
                + "CPU1 task writer (writer) spins on R held by CPU0 task reader (read)");
    }

    /** A reader in softirq context overtakes the waiting writer: it waits only for a writer that holds the lock, so no cycle. */
    @Test
    void softirqReader_overtakesWaitingWriter_noDeadlock() {
        Harness h = new Harness("""
                scenario: softirq reader
                cpus: 2
                locks: { R: rwlock }
                handlers:
                  rx: [ { read_lock: R }, { read_unlock: R } ]
                tasks:
                  - name: reader
                    cpu: 0
                    run: [ { read_lock: R }, { in_softirq: [ { call: rx } ] }, { read_unlock: R } ]
                  - name: writer
                    cpu: 1
                    run: [ { write_lock: R }, { write_unlock: R } ]
                """).play("s0 s1 s0 s0 s0");
        assertThat(h.state.deadlock).isNull();
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.SOFTIRQ);
        assertThat(h.top(0).wait).as("the softirq's read_lock() was granted").isEqualTo(Wait.NONE);
    }

    /** del_timer_sync() under the lock the running timer function spins on: the caller waits for the softirq running it. */
    @Test
    void delTimerSync_ofRunningFunctionSpinningOnCallersLock_isCycle() {
        Harness h = new Harness("""
                scenario: del_timer_sync
                cpus: 2
                locks: { L: spinlock }
                handlers:
                  fn: [ { spin_lock: L }, { spin_unlock: L } ]
                timers:
                  t: { function: fn }
                tasks:
                  - name: arm
                    cpu: 0
                    run: [ { mod_timer: t } ]
                  - name: stop
                    cpu: 1
                    run: [ { spin_lock_bh: L }, { del_timer_sync: t }, { spin_unlock_bh: L } ]
                """).play("s0 t0.0 s0 s1 s0");
        assertThat(h.state.deadlock).as("the function spins on L, held by a context that can go on").isNull();
        h.play("s1");
        assertThat(h.state.deadlock.kind().text()).isEqualTo("cycle");
        assertThat(h.state.deadlock.explanation()).contains(
                "CPU1 task stop (stop) spins in del_timer_sync(t) until its function fn() returns in CPU0 softirq TIMER_SOFTIRQ",
                "CPU0 softirq TIMER_SOFTIRQ (fn <- run_timer_softirq <- softirq TIMER_SOFTIRQ) spins on L held by CPU1 task stop");
    }

    /** flush_work() under the mutex the running work sleeps on: the flusher waits for the kworker. */
    @Test
    void flushWork_ofWorkSleepingOnFlushersMutex_isCycle() {
        Harness h = new Harness("""
                scenario: flush_work
                cpus: 1
                locks: { M: mutex }
                handlers:
                  work_fn: [ { mutex_lock: M }, { mutex_unlock: M } ]
                tasks:
                  - name: ip
                    cpu: 0
                    run: [ { schedule_work: work_fn }, { mutex_lock: M }, { flush_work: work_fn }, { mutex_unlock: M } ]
                """).play("s0 s0 s0");
        assertThat(h.state.deadlock).isNull();
        h.play("w0.1 s0 s0 s0");
        assertThat(h.state.deadlock.kind().text()).isEqualTo("cycle");
        assertThat(h.state.deadlock.explanation()).isEqualTo("deadlock (wait-for cycle): CPU0 task ip (ip) sleeps in "
                + "flush_work(work_fn) until it returns in CPU0 task kworker/0:1; CPU0 task kworker/0:1 (work_fn <- "
                + "worker_thread) sleeps on M held by CPU0 task ip");
    }

    /**
     * rcu_barrier() inside a reader waits for a callback whose grace period waits for that reader:
     * the same self deadlock, through the grace period the callback needs.
     */
    @Test
    void rcuBarrierInsideReader_waitsForItsCallbacksGracePeriod_isSelfDeadlock() {
        Harness h = new Harness("""
                scenario: barrier in a reader
                cpus: 1
                handlers:
                  cb: [ { note: free } ]
                tasks:
                  - cpu: 0
                    run: [ { call_rcu: cb }, rcu_read_lock, rcu_barrier, rcu_read_unlock ]
                """).play("s0 s0 s0 g");
        assertThat(h.moves()).isEmpty();
        assertThat(h.state.deadlock.kind().text()).isEqualTo("self");
        assertThat(h.state.deadlock.explanation()).isEqualTo("self deadlock: CPU0 task task0 (task0) sleeps in "
                + "rcu_barrier() until grace period 1 ends, which waits for CPU0 task task0 to leave its RCU reader, "
                + "which is itself");
    }

    /**
     * rcu_barrier() under the mutex that the callback it waits for takes: the barrier points at
     * the rcuo kthread running that callback, which sleeps on the mutex: a cycle as soon as the
     * callback blocks, not a stall once nothing else can run.
     */
    @Test
    void rcuBarrier_underMutexItsRunningCallbackTakes_isCycle() {
        Harness h = new Harness("""
                scenario: barrier under the callback's mutex
                cpus: 2
                rcu: { callbacks: offloaded }
                locks: { M: mutex }
                handlers:
                  cb: [ { mutex_lock: M }, { mutex_unlock: M } ]
                tasks:
                  - name: unload
                    cpu: 0
                    run: [ { mutex_lock: M }, rcu_barrier, { mutex_unlock: M } ]
                  - name: freer
                    cpu: 1
                    run: [ { call_rcu: cb } ]
                """).play("s0 s1 s0 g w1.5 s1 s1 s1");
        assertThat(h.state.deadlock).as("the callback has not reached the mutex yet").isNull();
        h.play("s1");
        assertThat(h.state.deadlock.kind().text()).isEqualTo("cycle");
        assertThat(h.state.deadlock.explanation()).isEqualTo("deadlock (wait-for cycle): CPU0 task unload (unload) "
                + "sleeps in rcu_barrier() until the RCU callback cb() returns in CPU1 task rcuop/1; CPU1 task rcuop/1 "
                + "(cb <- rcu_nocb_cb_kthread) sleeps on M held by CPU0 task unload");
    }

    /** synchronize_rcu() under a mutex a reader sleeps on: the grace period waits for that blocked reader. */
    @Test
    void synchronizeRcu_underMutexAReaderSleepsOn_isCycle() {
        Harness h = new Harness("""
                scenario: gp under lock
                cpus: 2
                locks: { M: mutex }
                tasks:
                  - name: updater
                    cpu: 0
                    run: [ { mutex_lock: M }, synchronize_rcu, { mutex_unlock: M } ]
                  - name: reader
                    cpu: 1
                    run: [ rcu_read_lock, { mutex_lock: M }, { mutex_unlock: M }, rcu_read_unlock ]
                """).play("s0 s0 s1 s1");
        assertThat(h.state.deadlock).as("no grace period has started: the reader is not blocking one yet").isNull();
        h.play("g");
        assertThat(h.state.deadlock.kind().text()).isEqualTo("cycle");
        assertThat(h.state.deadlock.explanation()).isEqualTo("deadlock (wait-for cycle): CPU0 task updater (updater) "
                + "sleeps in synchronize_rcu() until grace period 1 ends, which waits for CPU1 task reader to leave its "
                + "RCU reader; CPU1 task reader (reader) sleeps on M held by CPU0 task updater");
    }

    /** A CPU spinning on a lock cannot pass a quiescent state: synchronize_rcu() by the lock's holder (asleep in atomic) waits for it. */
    @Test
    void synchronizeRcu_whileAnotherCpuSpinsOnHeldLock_isCycle() {
        Harness h = new Harness("""
                scenario: gp vs spinner
                cpus: 2
                locks: { L: spinlock }
                tasks:
                  - name: updater
                    cpu: 0
                    run: [ { spin_lock: L }, synchronize_rcu, { spin_unlock: L } ]
                  - name: spinner
                    cpu: 1
                    run: [ { spin_lock: L }, { spin_unlock: L } ]
                """).play("s0 s0");
        assertThat(h.state.deadlock).isNull();
        h.play("s1");
        assertThat(h.state.deadlock.kind().text()).as("grace period 1 will need CPU1's quiescent state").isEqualTo("cycle");
        assertThat(h.state.deadlock.explanation()).isEqualTo("deadlock (wait-for cycle): CPU0 task updater (updater) "
                + "sleeps in synchronize_rcu() until grace period 1 ends, which waits for a quiescent state of CPU1, where "
                + "CPU1 task spinner is stuck; CPU1 task spinner (spinner) spins on L held by CPU0 task updater");
    }

    /** A lock released before the other side spins is no deadlock: the spinner gets it. */
    @Test
    void spinner_afterRelease_getsTheLock() {
        Harness h = new Harness("""
                scenario: contention
                cpus: 2
                locks: { A: spinlock }
                tasks:
                  - cpu: 0
                    run: [ { spin_lock: A }, { spin_unlock: A } ]
                  - cpu: 1
                    run: [ { spin_lock: A }, { spin_unlock: A } ]
                """).play("s0 s1");
        assertThat(h.top(1).wait).isEqualTo(Wait.SPIN);
        assertThat(h.can("s1")).isFalse();
        h.play("s0 s1");
        assertThat(h.top(1).wait).isEqualTo(Wait.NONE);
        h.play("s1");
        assertThat(h.moves()).isEmpty();
        assertThat(h.kernel.stuck(h.state)).as("completed, not deadlocked").isFalse();
    }

    /**
     * Before: the stall said ethtool "sleeps forever on mdio_lock" after the mutex's release had
     * woken it; it is runnable, but ip spins on its CPU with preemption off.
     */
    @Test
    void stall_wokenWaiterStarvedOfItsCpu_saysItIsWoken() {
        Harness h = new Harness("""
                scenario: a woken waiter that never gets its CPU back
                cpus: 2
                locks: { link_lock: spinlock, mdio_lock: mutex }
                tasks:
                  - name: kworker/1:2
                    cpu: 1
                    kthread: true
                    run: [ { mutex_lock: mdio_lock }, { msleep: 1 }, { mutex_unlock: mdio_lock } ]
                  - name: ethtool
                    cpu: 0
                    run: [ { spin_lock: link_lock }, { mutex_lock: mdio_lock }, { mutex_unlock: mdio_lock }, { spin_unlock: link_lock } ]
                  - name: ip
                    cpu: 0
                    run: [ { spin_lock: link_lock }, { spin_unlock: link_lock } ]
                """).play("s1 s0 s0");
        assertThat(h.top(0).wait).isEqualTo(Wait.LOCK);
        h.play("w0.2 s0");     // ip runs on CPU0 and spins on link_lock, which the sleeping ethtool holds
        assertThat(h.top(0).wait).isEqualTo(Wait.SPIN);
        h.stepWhilePossible(1);     // the kworker's mutex_unlock() wakes ethtool
        assertThat(h.moves()).isEmpty();
        assertThat(h.kernel.stuck(h.state)).isTrue();
        assertThat(h.state.deadlock.kind().text()).isEqualTo("stall");
        assertThat(h.state.deadlock.explanation()).contains("task ethtool on CPU0 is woken from its sleep on mdio_lock but never runs again")
                .contains("task ip on CPU0 spins forever on link_lock");
    }
}

package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import zswapsim.sim.RunLoop;
import zswapsim.sim.RunResult;
import zswapsim.sim.SeededScheduler;
import zswapsim.scenario.ScenarioLoader;
import zswapsim.trace.TraceEvent;

/** Grace periods, quiescent states and callback invocation. */
class RcuModelTest {
    private static final String READER_AND_UPDATER = """
            scenario: a reader on CPU1, synchronize_rcu on CPU0
            cpus: 2
            tasks:
              - name: updater
                cpu: 0
                run:
                  - note: removed
                  - synchronize_rcu
                  - note: freed
              - name: reader
                cpu: 1
                run:
                  - rcu_read_lock
                  - note: reading
                  - rcu_read_unlock
            """;

    /** A CPU inside rcu_read_lock() cannot report a quiescent state, so the grace period waits. */
    @Test
    void gracePeriod_readerInsideCriticalSection_cannotEnd() {
        Harness h = new Harness(READER_AND_UPDATER).play("s1 s0 s0 g");
        assertThat(h.state.rcu.qsPending.get(1)).isTrue();
        assertThat(h.can("q1")).isFalse();
        h.play("s1");
        assertThat(h.can("q1")).isFalse();
        h.play("s1 q1");
        assertThat(h.state.rcu.completed).isEqualTo(1);
    }

    /**
     * CONFIG_PREEMPT_RCU: a task inside rcu_read_lock() may be preempted, and the grace period its
     * CPU owes then waits for it (rcu_note_context_switch()), whatever runs there next.
     */
    @Test
    void readerPreempted_blocksTheGracePeriodItsCpuOwes() {
        Harness h = new Harness("""
                scenario: a reader preempted
                cpus: 2
                tasks:
                  - { name: reader, cpu: 0, run: [ rcu_read_lock, { note: reading }, rcu_read_unlock ] }
                  - { name: other, cpu: 0, run: [ { note: runs } ] }
                  - { name: updater, cpu: 1, run: [ synchronize_rcu ] }
                """).play("s0 s1 g");
        assertThat(h.can("w0.1")).isTrue();
        h.play("w0.1");
        assertThat(h.state.tasks.get(0).rcuBlocked).isTrue();
        assertThat(h.state.tasks.get(0).ctx.rcuDepth).isEqualTo(1);
    }

    /** A hardirq that returns inside rcu_read_lock() leaves the reader to the task it interrupted (current->rcu_read_lock_nesting). */
    @Test
    void hardirqReturnsInsideReader_theInterruptedTaskInheritsIt() {
        Harness h = new Harness("""
                scenario: a leaked reader
                cpus: 1
                tasks:
                  - { cpu: 0, run: [ { in_hardirq: [ rcu_read_lock ] }, { note: after }, { note: end } ] }
                """);
        while (h.events.stream().noneMatch(e -> e.text().equals("note: after"))) {
            h.play("s0");
        }
        assertThat(h.cpu(0).irqStack).isEmpty();
        assertThat(h.state.tasks.get(0).ctx.rcuDepth).isEqualTo(1);
        assertThat(Rcu.inQuiescentState(h.state, 0)).isFalse();
    }

    /** rcu_read_lock_bh() is local_bh_disable() and a lockdep map: no preemptible-RCU nesting (rcu_preempt_depth() stays 0). */
    @Test
    void rcuReadLockBh_disablesBh_countsNoRcuNesting() {
        Harness h = new Harness("""
                scenario: rcu_read_lock_bh
                cpus: 1
                tasks:
                  - { cpu: 0, run: [ rcu_read_lock_bh, { note: reading }, rcu_read_unlock_bh ] }
                """).play("s0");
        assertThat(h.cpu(0).bh).isEqualTo(1);
        assertThat(h.top(0).rcuDepth).isZero();
        assertThat(h.state.lockdep().heldLocksHash(h.state.tasks.get(0).lockdepTask)).as("rcu_read_lock_bh held").isNotZero();
    }

    /** The RCU guarantee, over many schedules: a reader that began before synchronize_rcu() ends before it returns. */
    @Test
    void synchronizeRcu_everySeed_returnsAfterPreexistingReaders() {
        Kernel k = Kernel.of(ScenarioLoader.parse("rcu.yaml", READER_AND_UPDATER));
        for (long seed = 1; seed <= 300; seed++) {
            RunResult r = new RunLoop(k, new SeededScheduler(seed), seed, 1000, true).runToEnd();
            List<String> ops = r.events().stream().map(TraceEvent::text).toList();
            int lock = ops.indexOf("rcu_read_lock");
            int sync = ops.indexOf("synchronize_rcu");
            int unlock = ops.indexOf("rcu_read_unlock");
            int freed = ops.indexOf("note: freed");
            assertThat(r.outcome()).isEqualTo(zswapsim.sim.Outcome.COMPLETED);
            if (lock < sync) {
                assertThat(freed).as("seed %d", seed).isGreaterThan(unlock);
            }
        }
    }

    /** call_rcu() callbacks run from RCU_SOFTIRQ on the CPU that queued them, after the grace period. */
    @Test
    void callRcu_afterGracePeriod_runsInRcuSoftirqOnQueueingCpu() {
        Harness h = new Harness("""
                scenario: call_rcu
                cpus: 2
                handlers:
                  free_obj: [ { note: freeing } ]
                tasks:
                  - cpu: 1
                    run: [ { call_rcu: free_obj } ]
                """).play("s1 g");
        assertThat(h.state.rcu.completed).as("CPU0 never ran and CPU1 went idle: both in extended QS").isEqualTo(1);
        assertThat(h.cpu(1).pending).isEqualTo(1L << Program.RCU_SOFTIRQ);
        h.play("x1 s1 s1");
        assertThat(h.last().context()).isEqualTo("softirq RCU_SOFTIRQ");
        assertThat(h.events.stream().anyMatch(e -> e.text().equals("note: freeing") && e.cpu() == 1
                && e.chain().contains("rcu_do_batch"))).isTrue();
    }

    /** With offloaded callbacks the rcuo kthread runs them in task context with BH disabled. */
    @Test
    void offloadedCallbacks_runInRcuoKthreadWithBhDisabled() {
        Harness h = new Harness("""
                scenario: offloaded
                cpus: 1
                rcu: { callbacks: offloaded }
                handlers:
                  free_obj: [ { note: freeing } ]
                tasks:
                  - cpu: 0
                    run: [ { call_rcu: free_obj } ]
                """).play("s0 g");
        assertThat(h.cpu(0).pending).isZero();
        h.play("w0.2 s0 s0 s0 s0");
        TraceEvent freeing = h.events.stream().filter(e -> e.text().equals("note: freeing")).findFirst().orElseThrow();
        assertThat(freeing.context()).isEqualTo("task rcuop/0");
        assertThat(freeing.cpuState()).contains("bh 1");
    }
    private static final String BARRIER = """
            scenario: rcu_barrier() and a callback that has been invoked but not returned
            cpus: 2
            handlers:
              cb: [ { note: cb runs }, { note: cb returns } ]
            tasks:
              - cpu: 1
                run: [ { call_rcu: cb } ]
              - cpu: 0
                run: [ { rcu_barrier }, { note: barrier done } ]
            """;

    /**
     * rcu_barrier() entrains rcu_barrier_callback() behind each CPU's callbacks (kernel/rcu/tree.c
     * rcu_barrier_entrain()), and rcu_do_batch() invokes them one after another: it returns only
     * after every earlier callback has returned, not when the last one has been started.
     */
    @Test
    void rcuBarrier_waitsUntilTheInvokedCallbackReturns() {
        Harness h = new Harness(BARRIER).play("s1");     // call_rcu() first: the barrier must wait for cb
        for (int i = 0; i < 200 && !h.moves().isEmpty(); i++) {
            List<String> notes = h.events.stream().map(TraceEvent::text).filter(t -> t.startsWith("note: ")).toList();
            if (notes.contains("note: barrier done")) {
                assertThat(notes).as("barrier done only after the callback returned").contains("note: cb returns");
            }
            // prefer CPU0's moves, so the barrier task runs as early as it can
            String tok = h.moves().stream().map(Move::token).filter(t -> t.equals("s0")).findFirst()
                    .orElse(h.moves().get(0).token());
            h.play(tok);
        }
        assertThat(h.events.stream().map(TraceEvent::text).filter(t -> t.startsWith("note: ")).toList())
                .containsExactly("note: cb runs", "note: cb returns", "note: barrier done");
    }

    /**
     * rcu_barrier() holds rcu_state.barrier_mutex while it waits: a lock held around it gains the
     * dependency on that mutex, which rcu_barrier() unlocks once the callbacks have returned.
     */
    @Test
    void rcuBarrier_holdsBarrierMutexWhileItWaits() {
        Harness h = new Harness("""
                scenario: barrier under a mutex
                cpus: 1
                locks: { M: mutex }
                handlers:
                  cb: [ { note: cb runs } ]
                tasks:
                  - cpu: 0
                    run: [ { call_rcu: cb }, { mutex_lock: M }, rcu_barrier, { mutex_unlock: M } ]
                """).play("s0 s0 s0");
        assertThat(h.top(0).wait).isEqualTo(Wait.RCU_BARRIER);
        assertThat(h.state.lockdep().dependencies()).extracting(d -> d.from() + "->" + d.to())
                .containsExactly("M->rcu_state.barrier_mutex");
        h.runFirst(50);
        List<String> texts = h.events.stream().map(TraceEvent::text).toList();
        assertThat(texts).containsSubsequence("note: cb runs", "rcu_barrier() returns: mutex_unlock(&rcu_state.barrier_mutex)",
                "mutex_unlock(M)");
        assertThat(h.state.lockdep().reports()).isEmpty();
    }

    /**
     * synchronize_rcu() is wait_rcu_gp(call_rcu_hurry) (v6.9-v6.16 default): its wakeme_after_rcu()
     * waits behind the callbacks queued on its CPU before it, so the end of the grace period alone
     * does not wake the caller; rcu_do_batch() does, after the earlier callback has run.
     */
    @Test
    void synchronizeRcu_wokenByItsCallback_afterTheEarlierCallbacksOfItsCpu() {
        Harness h = new Harness("""
                scenario: synchronize_rcu behind a callback
                cpus: 1
                handlers:
                  cb: [ { note: callback runs } ]
                tasks:
                  - cpu: 0
                    run: [ { call_rcu: cb }, { synchronize_rcu }, { note: back } ]
                """).play("s0 s0");
        Context caller = h.state.tasks.get(0).ctx;
        assertThat(caller.wait).isEqualTo(Wait.GRACE_PERIOD);
        while (h.state.rcu.completed == 0) {
            h.play(h.moves().get(0).token());
        }
        assertThat(caller.woken).as("woken at the end of the grace period").isFalse();
        while (!caller.woken) {
            h.play(h.moves().get(0).token());
        }
        assertThat(h.events.stream().map(e -> e.text()).filter(t -> t.startsWith("note: "))).containsExactly("note: callback runs");
    }

    /**
     * rcu_note_context_switch(): a reader that sleeps while its CPU owes the running grace period a
     * quiescent state is queued as blocking it, so the CPU's report with another task current does
     * not end the grace period; the reader's rcu_read_unlock() does.
     */
    @Test
    void readerSleepsDuringAGracePeriod_anotherTaskRuns_theGracePeriodWaitsForTheReader() {
        Harness h = new Harness("""
                scenario: a reader sleeps, another task runs on its CPU
                cpus: 1
                tasks:
                  - name: reader
                    cpu: 0
                    run: [ rcu_read_lock, { call_rcu: done }, { msleep: 1 }, rcu_read_unlock ]
                  - name: top
                    cpu: 0
                    run: [ { note: read /proc/stat } ]
                handlers:
                  done: [ { note: freed } ]
                """).play("s0 s0 g s0 w0.1 q0");
        assertThat(h.state.rcu.completed).isZero();
        h.play("w0.0 s0 s0");
        assertThat(h.state.rcu.completed).isEqualTo(1);
    }

    /**
     * rcu_read_unlock_special(): a blocked reader that leaves its section under a spinlock defers
     * its quiescent state until spin_unlock() enables preemption, so the grace period ends only then.
     */
    @Test
    void blockedReaderUnlocksUnderASpinlock_theGracePeriodEndsAtTheUnlock() {
        Harness h = new Harness("""
                scenario: deferred quiescent state
                cpus: 1
                locks: { L: spinlock }
                tasks:
                  - name: reader
                    cpu: 0
                    run: [ rcu_read_lock, { call_rcu: done }, { msleep: 1 }, { spin_lock: L },
                           rcu_read_unlock, { note: still under L }, { spin_unlock: L } ]
                handlers:
                  done: [ { note: freed } ]
                """).play("s0 s0 g s0 q0 s0 s0 s0");
        assertThat(h.state.rcu.completed).isZero();
        h.play("s0 s0");
        assertThat(h.state.rcu.completed).isEqualTo(1);
    }

    /**
     * exit_rcu(): a kthread's do_exit() ends the reader it left open, even one queued as blocking
     * the grace period, so synchronize_rcu() on its CPU returns; a user task returns to user space
     * still inside it, and the grace period never ends.
     */
    @Test
    void blockedReaderLeavesTheKernel_aKthreadsExitEndsIt_aUserTaskKeepsIt() {
        String yaml = """
                scenario: a reader left open
                cpus: 1
                tasks:
                  - name: reader
                    cpu: 0
                    kthread: %s
                    run: [ rcu_read_lock ]
                  - name: waiter
                    cpu: 0
                    run: [ synchronize_rcu ]
                """;
        Harness kthread = new Harness(yaml.formatted("true")).play("s0 w0.1 s0 g");
        Harness user = new Harness(yaml.formatted("false")).play("s0 w0.1 s0 g");
        for (Harness h : new Harness[] {kthread, user}) {
            assertThat(h.state.tasks.get(0).rcuBlocked).isTrue();
            h.play("w0.0").stepWhilePossible(0);
            assertThat(h.state.tasks.get(0).done).isTrue();
            h.runFirst(1000);
        }
        assertThat(kthread.state.tasks.get(0).rcuBlocked).isFalse();
        assertThat(kthread.state.rcu.completed).isEqualTo(1);
        assertThat(kthread.state.tasks.get(1).done).isTrue();
        assertThat(user.state.tasks.get(0).rcuBlocked).isTrue();
        assertThat(user.state.rcu.completed).isZero();
        assertThat(user.state.tasks.get(1).done).isFalse();
    }
}

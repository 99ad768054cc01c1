package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import zswapsim.explore.CheckResult;
import zswapsim.trace.TraceEvent;

/**
 * Delayed work as kernel/workqueue.c does it: a struct delayed_work is a work and a timer whose
 * delayed_work_timer_fn() queues the work, in TIMER_SOFTIRQ on the CPU that armed it. Cancels
 * steal the timer or the queued work; flush_delayed_work() queues a pending work at once.
 */
class DelayedWorkModelTest {

    private static List<String> notes(Harness h) {
        return h.events.stream().map(TraceEvent::text).filter(t -> t.startsWith("note: ")).toList();
    }

    private static List<String> changes(Harness h) {
        return h.events.stream().flatMap(e -> e.changes().stream()).toList();
    }


    /** Task 0 on CPU0 arms the delayed work, then runs {@code second}, then notes "done". Tasks 1 and 2 are the kworkers. */
    private static final String DWORK = """
            scenario: delayed work
            cpus: 2
            handlers:
              poll_fn: [ { note: poll runs } ]
            workqueues:
              wq: {}
            works:
              poll: { function: poll_fn, delayed: true }
            tasks:
              - cpu: 0
                run: [ { queue_delayed_work: { wq: wq, work: poll } }, %s, { note: done } ]
            """;

    private static Harness dwork(String second) {
        return new Harness(DWORK.formatted(second));
    }

    /** queue_delayed_work() only arms the timer: nothing is on a pool until the arming CPU's tick fired it and TIMER_SOFTIRQ ran. */
    @Test
    void queueDelayedWork_runsOnlyAfterItsTimerFired() {
        Harness h = dwork("{ note: armed }").play("s0");
        assertThat(h.state.wq.pending.get(0)).isEmpty();
        assertThat(h.can("t0.0")).isTrue();
        assertThat(h.can("t1.0")).isFalse();
        h.play("s0 s0");
        assertThat(h.can("w0.1")).isFalse();
        assertThat(notes(h)).doesNotContain("note: poll runs");
        h.play("t0.0 s0");
        assertThat(h.top(0).label).isEqualTo("TIMER_SOFTIRQ");
        assertThat(h.state.wq.pending.get(0)).hasSize(1);
        assertThat(h.state.wq.pending.get(0).get(0)[2]).isEqualTo(1);   // on wq, not system_wq
        assertThat(changes(h)).contains("call_timer_fn(poll->timer): delayed_work_timer_fn() queues poll", "work poll queued on CPU0 (wq)");
        h.runFirst(40);
        assertThat(notes(h)).containsExactly("note: armed", "note: done", "note: poll runs");
    }

    /** delayed_work_timer_fn() runs with irqs off (TIMER_IRQSAFE), under the timer's map &(&NAME)->timer: lockdep sees it IN-SOFTIRQ only. */
    @Test
    void timerFn_isIrqsafe_underTheTimersMap() {
        Harness h = dwork("{ note: armed }").play("s0 t0.0 s0");
        assertThat(changes(h)).containsSubsequence("irqs on->off", "irqs off->on");
        assertThat(h.cpu(0).irqsOff).isFalse();
        assertThat(h.state.lockdep().classes()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("&(&poll)->timer");
            assertThat(c.usage()).isEqualTo("{..-.}");
        });
    }

    /** cancel_delayed_work_sync() before the timer fired steals the timer: the function never runs and nothing waits. */
    @Test
    void cancelDelayedWorkSync_beforeTheTimerFired_functionNeverRuns() {
        Harness h = dwork("{ cancel_delayed_work_sync: poll }").play("s0 s0");
        assertThat(h.can("t0.0")).isFalse();
        assertThat(h.cpu(0).timersArmed).isZero();
        assertThat(h.state.wq.dworkWq[0]).isEqualTo(-1);
        assertThat(h.state.tasks.get(0).ctx.wait).isEqualTo(Wait.NONE);
        h.runFirst(40);
        assertThat(notes(h)).containsExactly("note: done");
        assertThat(changes(h)).contains("work poll cancelled", "poll->timer dequeued from CPU0");
    }

    /** cancel_delayed_work_sync() after the timer fired takes the work off its pool; while it runs, it waits for it. */
    @Test
    void cancelDelayedWorkSync_afterTheTimerFired_dequeuesOrWaits() {
        Harness queued = dwork("{ cancel_delayed_work_sync: poll }").play("s0 t0.0 s0 s0 s0");
        assertThat(queued.state.wq.pending.get(0)).isEmpty();
        assertThat(notes(queued.runFirst(40))).containsExactly("note: done");

        Harness running = new Harness(DWORK.formatted("{ cancel_delayed_work_sync: poll }")
                .replace("cpus: 2", "cpus: 1").replace("[ { note: poll runs } ]", "[ { note: poll runs }, { note: poll returns } ]"))
                .play("s0 t0.0 s0 s0 w0.1 s0 s0 s0 w0.0 s0");
        assertThat(running.state.tasks.get(0).ctx.wait).isEqualTo(Wait.FLUSH_WORK);
        running.runFirst(40);
        assertThat(notes(running)).containsExactly("note: poll runs", "note: poll returns", "note: done");
    }

    /** cancel_delayed_work() steals the timer too, but never sleeps. */
    @Test
    void cancelDelayedWork_stealsTheTimerWithoutWaiting() {
        Harness h = dwork("{ cancel_delayed_work: poll }").play("s0 s0");
        assertThat(h.can("t0.0")).isFalse();
        assertThat(notes(h.runFirst(40))).containsExactly("note: done");
    }

    /** flush_delayed_work() of a pending timer queues the work at once and waits for it: the function runs before "done". */
    @Test
    void flushDelayedWork_queuesAPendingWorkNowAndWaits() {
        Harness h = dwork("{ flush_delayed_work: poll }").play("s0 s0");
        assertThat(h.can("t0.0")).isFalse();
        assertThat(h.state.wq.pending.get(0)).hasSize(1);
        assertThat(h.state.tasks.get(0).ctx.wait).isEqualTo(Wait.FLUSH_WORK);
        h.runFirst(40);
        assertThat(notes(h)).containsExactly("note: poll runs", "note: done");
    }

    /** queue_delayed_work() of a pending delayed work does nothing (it returns false); mod_delayed_work() re-arms a queued one. */
    @Test
    void queueTwice_isAlreadyPending_modReArms() {
        Harness twice = dwork("{ schedule_delayed_work: poll }").play("s0 s0");
        assertThat(changes(twice)).contains("poll already pending");
        assertThat(twice.state.wq.dworkWq[0]).isEqualTo(1);

        Harness mod = dwork("{ mod_delayed_work: { wq: system_wq, work: poll } }").play("s0 t0.0 s0 s0 s0");
        assertThat(mod.state.wq.pending.get(0)).isEmpty();
        assertThat(mod.state.wq.dworkWq[0]).isEqualTo(0);
        assertThat(mod.can("t0.0")).isTrue();
        mod.runFirst(40);
        assertThat(notes(mod)).containsExactly("note: done", "note: poll runs");
    }

    /**
     * Lesson 22: cancel_delayed_work_sync() under the mutex the work's function takes. check finds
     * the wait-for cycle; along its shortest schedule lockdep reports print_circular_bug() with the
     * kernel's map name for a delayed work, {@code (work_completion)(&(&priv->link_work)->work)}.
     */
    @Test
    void cancelDelayedWorkSync_underTheWorksMutex_deadlocksAndIsCircular() throws Exception {
        String yaml = Files.readString(Path.of("scenarios/lockdep/22-cancel-delayed-work-sync-under-lock.yaml"));
        CheckResult r = Harness.check(yaml);
        assertThat(r.deadlockPossible()).isTrue();
        assertThat(r.lockdepKinds()).containsExactly("circular-locking");
        assertThat(r.counterexampleDeadlock().explanation()).contains("sleeps in flush_work(link_work)");

        Harness h = new Harness(yaml).play("s0 s0 s0 t0.0 s0 s0 w0.1 s0 s0 s0 w0.0 s0");
        assertThat(h.moves()).isEmpty();
        assertThat(h.kernel.stuck(h.state)).isTrue();
        var reports = h.state.lockdep().reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).kind()).isEqualTo("circular-locking");
        assertThat(reports.get(0).text()).containsSubsequence(
                "======================================================",
                "WARNING: possible circular locking dependency detected",
                "------------------------------------------------------",
                "probe/100 is trying to acquire lock:",
                "(work_completion)(&(&priv->link_work)->work) ((work_completion)(&(&priv->link_work)->work)){+.+.}-{0:0},"
                        + " at: cancel_delayed_work_sync in probe (test.yaml:54:9)",
                "but task is already holding lock:",
                "cfg_mutex (cfg_mutex){+.+.}-{3:3}, at: mutex_lock(cfg_mutex) in probe (test.yaml:53:9)",
                "which lock already depends on the new lock.",
                "the existing dependency chain (in reverse order) is:",
                "-> #1 (cfg_mutex){+.+.}-{3:3}:",
                "       xnic_link_poll",
                "-> #0 ((work_completion)(&(&priv->link_work)->work)){+.+.}-{0:0}:",
                "       cancel_delayed_work_sync",
                " Possible unsafe locking scenario:",
                "       CPU0                    CPU1",
                "  lock(cfg_mutex);",
                "                               lock((work_completion)(&(&priv->link_work)->work));",
                "                               lock(cfg_mutex);",
                "  lock((work_completion)(&(&priv->link_work)->work));",
                " *** DEADLOCK ***",
                "1 lock held by probe/100:",
                " #0: cfg_mutex (cfg_mutex){+.+.}-{3:3}, at: mutex_lock(cfg_mutex) in probe (test.yaml:53:9)",
                "stack backtrace:",
                "  cancel_delayed_work_sync");
        // The timer was stolen with del_timer(), which takes no map: the timer's map is not in the chain.
        assertThat(reports.get(0).text()).noneMatch(l -> l.contains("->timer"));
    }

    /**
     * flush_delayed_work() takes the timer's map (del_timer_sync()) and, for the work it queues at
     * once, the work's map: under the mutex the function takes, it is circular with the work's map.
     */
    @Test
    void flushDelayedWork_takesTheTimersMapAndTheWorksMap() {
        Harness h = new Harness("""
                scenario: flush dwork under mutex
                cpus: 1
                locks: { M: mutex }
                handlers:
                  fn: [ { mutex_lock: M }, { mutex_unlock: M } ]
                works:
                  w: { function: fn, delayed: true, lockdep_name: "&dev->stats_work" }
                tasks:
                  - cpu: 0
                    run: [ { schedule_delayed_work: w }, { flush_delayed_work: w }, { schedule_delayed_work: w }, { mutex_lock: M },
                           { flush_delayed_work: w }, { mutex_unlock: M } ]
                """);
        h.runFirst(60);
        var reports = h.state.lockdep().reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).kind()).isEqualTo("circular-locking");
        assertThat(reports.get(0).text()).anySatisfy(l -> assertThat(l)
                .contains("(work_completion)(&(&dev->stats_work)->work)").contains("at: flush_delayed_work"));
        assertThat(h.state.lockdep().classes()).anySatisfy(c -> assertThat(c.name()).isEqualTo("&(&dev->stats_work)->timer"));
    }

    /** A hardirq that takes L, and a task that runs {@code ops} inside spin_lock_irqsave(L). */
    private static final String UNDER_IRQSAVE = """
            scenario: a workqueue call inside spin_lock_irqsave
            cpus: 1
            locks: { L: spinlock }
            handlers:
              fn: [ { note: ran } ]
              irq: [ { spin_lock: L }, { spin_unlock: L } ]
            works:
              w: { function: fn, delayed: true }
            interrupts:
              - hardirq: irq
                cpus: [0]
                times: 1
            tasks:
              - cpu: 0
                run: [ %s { spin_lock_irqsave: L }, %s, { spin_unlock_irqrestore: L } ]
            """;

    /**
     * flush_delayed_work() ends with an unconditional local_irq_enable(), and start_flush_work()
     * drops the pool lock with raw_spin_unlock_irq() whenever the work has a pool (it was queued
     * once): inside spin_lock_irqsave(L) interrupts come on, L is HARDIRQ-ON-W against the
     * hardirq's IN-HARDIRQ-W, and the hardirq can land on its holder. A work never queued has no
     * pool: cancel_delayed_work_sync() leaves irqs off.
     */
    @Test
    void workqueueCallsUnderIrqsave_turnIrqsOn_whenTheKernelsDo() {
        String ran = "{ schedule_delayed_work: w }, { flush_delayed_work: w },";
        CheckResult flush = Harness.check(UNDER_IRQSAVE.formatted("", "{ flush_delayed_work: w }"));
        CheckResult cancelRan = Harness.check(UNDER_IRQSAVE.formatted(ran, "{ cancel_delayed_work_sync: w }"));
        CheckResult cancelNever = Harness.check(UNDER_IRQSAVE.formatted("", "{ cancel_delayed_work_sync: w }"));
        for (CheckResult r : new CheckResult[] {flush, cancelRan}) {
            assertThat(r.deadlockPossible()).isTrue();
            assertThat(r.lockdepKinds()).contains("inconsistent-lock-state");
        }
        assertThat(cancelNever.deadlockPossible()).isFalse();
        assertThat(cancelNever.lockdepKinds()).doesNotContain("inconsistent-lock-state");
    }

    /**
     * A queue that __queue_work() refuses during drain_workqueue() leaves WORK_STRUCT_PENDING set
     * with the work on no list: try_to_grab_pending() returns -EAGAIN for ever, so the
     * cancel_delayed_work_sync() after the drain spins for ever (round 37's 591).
     */
    @Test
    void queueRefusedDuringDrain_leavesPending_theCancelSpinsForever() {
        CheckResult r = Harness.check("""
                scenario: refused requeue
                cpus: 1
                workqueues:
                  wq: {}
                works:
                  poll: { function: poll_fn, delayed: true }
                handlers:
                  poll_fn: [ { queue_delayed_work: { wq: wq, work: poll } } ]
                tasks:
                  - cpu: 0
                    run: [ { queue_delayed_work: { wq: wq, work: poll } }, { drain_workqueue: wq }, { cancel_delayed_work_sync: poll } ]
                """);
        assertThat(r.deadlockPossible()).isTrue();
        assertThat(r.counterexampleDeadlock().explanation()).contains("spins forever in try_to_grab_pending(poll)");
    }

    /**
     * A cancel that steals the queued work a flush waits for does not leave the flusher asleep: the
     * barrier behind the stolen item (flush_work()) or pwq_dec_nr_in_flight() (a workqueue flush)
     * completes it (round 37's 593 and 597 contrasts).
     */
    @Test
    void cancelStealsTheWorkAFlushWaitsFor_theFlusherReturns() {
        CheckResult r = Harness.check("""
                scenario: a cancel steals what a flush waits for
                cpus: 2
                handlers:
                  fn: [ { note: ran } ]
                workqueues:
                  wq: {}
                works:
                  w: { function: fn }
                tasks:
                  - cpu: 0
                    run: [ { queue_work: { wq: wq, work: w } }, { flush_work: w }, { queue_work: { wq: wq, work: w } }, { flush_workqueue: wq } ]
                  - cpu: 1
                    run: [ { cancel_work_sync: w }, { cancel_work_sync: w } ]
                """);
        assertThat(r.complete()).isTrue();
        assertThat(r.deadlockPossible()).isFalse();
    }
}

package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import zswapsim.trace.TraceEvent;

/**
 * Named workqueues as kernel/workqueue.c runs them: queue_work(wq, work) on the calling CPU's
 * kworker, ordered workqueues one work at a time, cancel_work_sync() dequeuing a pending work,
 * flush/drain/destroy_workqueue() waiting for every work, and the lockdep maps
 * {@code (wq_completion)NAME} and {@code (work_completion)(lockdep_name)}.
 */
class WorkqueueModelTest {

    private static List<String> texts(Harness h, String prefix) {
        return h.events.stream().map(TraceEvent::text).filter(t -> t.startsWith(prefix)).toList();
    }


    private static final String ORDERED = """
            scenario: ordered
            cpus: 2
            handlers:
              a_fn: [ { note: a runs }, { note: a returns } ]
              b_fn: [ { note: b runs } ]
            workqueues:
              owq: { ordered: %s }
            works:
              a: { function: a_fn }
              b: { function: b_fn }
            tasks:
              - cpu: 0
                run: [ { queue_work: { wq: owq, work: a } } ]
              - cpu: 1
                run: [ { queue_work: { wq: owq, work: b } } ]
            """;

    /**
     * An ordered workqueue holds its second work back until the first has returned, though it was
     * queued on another CPU; both run on the unbound pool, whose kworker/u8:1 is woken on both
     * CPUs (tasks 8 and 9), runs where it first runs, and takes b itself as a returns (keep_working()).
     */
    @Test
    void orderedWorkqueue_runsOneWorkAtATime() {
        Harness h = new Harness(ORDERED.formatted("true")).play("s0 s1");
        int unbound = h.state.wq.unboundPool();
        assertThat(h.state.wq.pending.get(unbound)).hasSize(1);
        assertThat(h.state.wq.inactive.get(1)).hasSize(1);
        assertThat(h.state.tasks.get(9).comm).isEqualTo("kworker/u8:1");
        h.play("w1.9 s1 s1");       // kworker/u8:1 takes a on CPU1: not runnable on CPU0 any more
        assertThat(h.can("w0.8")).isFalse();
        assertThat(h.state.wq.current[unbound * h.state.wq.poolSize]).isNotNull();
        h.play("s1 s1");            // a returns: b is activated on the unbound pool
        assertThat(h.state.wq.pending.get(unbound)).hasSize(1);
        assertThat(h.moves()).noneMatch(m -> m.kind() == Move.Kind.SWITCH);   // no other kworker is woken for it
        h.play("s1 s1 s1");
        assertThat(texts(h, "note: ")).containsExactly("note: a runs", "note: a returns", "note: b runs");
    }

    /**
     * alloc_workqueue(NAME, WQ_UNBOUND, 0): the unbound pool is not concurrency managed, so b
     * starts on a second kworker while a runs (process_one_work() kicks the pool), which a
     * per-CPU pool does only once a sleeps.
     */
    @Test
    void unboundWorkqueue_startsTheNextWorkWhileOneRuns() {
        Harness h = new Harness("""
                scenario: unbound
                cpus: 1
                workqueues: { uwq: { unbound: true } }
                handlers:
                  a_fn: [ { note: a runs }, { note: a returns } ]
                  b_fn: [ { note: b runs } ]
                works: { a: a_fn, b: b_fn }
                tasks:
                  - cpu: 0
                    run: [ { queue_work: { wq: uwq, work: a } }, { queue_work: { wq: uwq, work: b } } ]
                """).play("s0 s0");
        assertThat(h.state.tasks.get(4).comm).isEqualTo("kworker/u4:1");
        assertThat(h.state.tasks.get(5).comm).isEqualTo("kworker/u4:2");
        h.play("w0.4 s0 s0");       // kworker/u4:1 takes a, which runs; b's kick woke kworker/u4:2
        h.play("w0.5 s0 s0");       // kworker/u4:2 runs b before a returns
        assertThat(texts(h, "note: ")).containsExactly("note: a runs", "note: b runs");
        h.runFirst(20);
        assertThat(texts(h, "note: ")).containsExactly("note: a runs", "note: b runs", "note: a returns");
        assertThat(h.state.deadlock).isNull();
    }

    private static final String SPINNER = """
            scenario: ordered work queued behind a spinner
            cpus: 2
            locks: { S: spinlock }
            workqueues: { owq: { ordered: true } }
            handlers:
              apply_fn: [ { note: apply runs } ]
              stats_fn: [ { spin_lock: S }, { spin_unlock: S } ]
            works: { apply: apply_fn, stats: stats_fn }
            tasks:
              - name: ctl
                cpu: 0
                run: [ { spin_lock: S }, { flush_work: apply }, { spin_unlock: S } ]
              - name: nl
                cpu: 1
                run: [ { schedule_work: stats }, { queue_work: { wq: owq, work: apply } } ]
            """;

    /**
     * alloc_ordered_workqueue() is WQ_UNBOUND: a work queued on it from CPU1, whose system_wq
     * kworker spins on the lock the flusher on CPU0 sleeps with, runs on CPU0 and wakes the flusher.
     */
    @Test
    void orderedWork_queuedFromTheSpinnersCpu_runsOnTheOtherCpu() {
        Harness h = new Harness(SPINNER);
        h.play("s0 s1 s1 s0");          // ctl takes S; nl queues both works and exits; ctl sleeps in the flush
        h.play("w1.3 s1 s1 s1");        // kworker/1:1 runs stats_fn and spins on S
        assertThat(h.top(1).wait).isEqualTo(Wait.SPIN);
        assertThat(h.state.tasks.get(8).comm).isEqualTo("kworker/u8:1");
        h.play("w0.8 s0 s0");           // kworker/u8:1 on CPU0 runs apply_fn
        assertThat(texts(h, "note: ")).containsExactly("note: apply runs");
        h.runFirst(20);
        assertThat(h.state.deadlock).isNull();
        assertThat(h.state.tasks.get(0).done).isTrue();
        assertThat(h.state.tasks.get(1).done).isTrue();
    }

    /** Not ordered: both works are on their CPUs' pools at once and may run side by side. */
    @Test
    void unorderedWorkqueue_runsWorksConcurrently() {
        Harness h = new Harness(ORDERED.formatted("false")).play("s0 s1");
        assertThat(h.state.wq.pending.get(0)).hasSize(1);
        assertThat(h.state.wq.pending.get(1)).hasSize(1);
        h.play("w0.2 s0 s0 w1.3 s1 s1");
        assertThat(h.state.wq.current[0]).isNotNull();
        assertThat(h.state.wq.current[h.state.wq.poolSize]).isNotNull();
    }

    /** The bare form queues a handler on system_wq: process_one_work() holds (wq_completion)events and the handler's work map. */
    @Test
    void bareQueueWork_runsOnSystemWq_underItsMaps() {
        Harness h = new Harness("""
                scenario: bare
                cpus: 1
                locks: { M: mutex }
                handlers:
                  fn: [ { mutex_lock: M }, { mutex_unlock: M } ]
                tasks:
                  - cpu: 0
                    run: [ { queue_work: fn }, { mutex_lock: M }, { flush_workqueue: system_wq }, { mutex_unlock: M } ]
                """);
        h.runFirst(40);
        var reports = h.state.lockdep().reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).text()).anySatisfy(l -> assertThat(l).contains("((wq_completion)events){+.+.}-{0:0}"));
        assertThat(reports.get(0).text()).anySatisfy(l -> assertThat(l).contains("((work_completion)(fn)){+.+.}-{0:0}"));
    }

    private static final String CANCEL = """
            scenario: cancel
            cpus: 1
            handlers:
              fn: [ { note: runs }, { note: returns } ]
            works:
              w: { function: fn }
            tasks:
              - cpu: 0
                run: [ { queue_work: w }, { cancel_work_sync: w }, { note: cancelled } ]
            """;

    /** cancel_work_sync() of a pending work takes it off the queue: it never runs, and nothing waits. */
    @Test
    void cancelWorkSync_pending_dequeuesInsteadOfRunning() {
        Harness h = new Harness(CANCEL).play("s0 s0").runFirst(40);
        assertThat(texts(h, "note: ")).containsExactly("note: cancelled");
        assertThat(h.state.wq.pending.get(0)).isEmpty();
        assertThat(h.events).anySatisfy(e -> assertThat(e.changes()).contains("work w cancelled"));
    }

    /** cancel_work_sync() of a running work sleeps until it has returned. */
    @Test
    void cancelWorkSync_running_waitsForIt() {
        Harness h = new Harness(CANCEL).play("s0 w0.1 s0 s0 s0 w0.0 s0");
        assertThat(h.state.tasks.get(0).ctx.wait).isEqualTo(Wait.FLUSH_WORK);
        h.play("w0.1 s0 s0");
        assertThat(h.state.tasks.get(0).ctx.woken).isTrue();
        h.play("w0.0 s0 s0");
        assertThat(texts(h, "note: ")).containsExactly("note: runs", "note: returns", "note: cancelled");
    }

    /**
     * A work that re-queues itself while cancel_work_sync() waits for it: mark_work_canceling()
     * left WORK_STRUCT_PENDING set, so queue_work() returns false; the cancel returns once the
     * running instance has, and the work is neither pending nor run again.
     */
    @Test
    void cancelWorkSync_ofAWorkThatRequeuesItself_refusesTheRequeue() {
        Harness h = new Harness("""
                scenario: cancel of a self-requeueing work
                cpus: 1
                handlers:
                  fn: [ { note: runs }, { queue_work: w }, { note: returns } ]
                works:
                  w: { function: fn }
                tasks:
                  - cpu: 0
                    run: [ { queue_work: w }, { cancel_work_sync: w }, { note: cancelled } ]
                """).play("s0 w0.1 s0 s0 s0 w0.0 s0");
        assertThat(h.state.tasks.get(0).ctx.wait).isEqualTo(Wait.FLUSH_WORK);
        h.play("w0.1 s0");
        assertThat(h.events).anySatisfy(e -> assertThat(e.changes()).anySatisfy(c -> assertThat(c).contains("is being cancelled")));
        h.play("s0 s0");
        assertThat(h.state.tasks.get(0).ctx.woken).isTrue();
        assertThat(h.state.wq.pending.get(0)).isEmpty();
        h.play("w0.0 s0 s0");
        assertThat(texts(h, "note: ")).containsExactly("note: runs", "note: returns", "note: cancelled");
    }

    private static final String CANCEL_UNDER_MUTEX = """
            scenario: cancel under mutex
            cpus: 1
            locks: { M: mutex }
            handlers:
              fn: [ { mutex_lock: M }, { mutex_unlock: M } ]
            works:
              w: { function: fn, lockdep_name: "&dev->reset_work" }
            tasks:
              - cpu: 0
                run: [ { queue_work: w }, { mutex_lock: M }, { cancel_work_sync: w }, { mutex_unlock: M } ]
            """;

    /**
     * cancel_work_sync() of a running work, under the mutex the work takes: the cancel touches the
     * work's map (start_flush_work()), so the work's mutex_lock() closes a circular dependency.
     */
    @Test
    void cancelWorkSync_ofARunningWork_underTheWorksMutex_isCircularWithTheWorkMap() {
        Harness h = new Harness(CANCEL_UNDER_MUTEX).play("s0 w0.1 s0 s0 w0.0 s0 s0 w0.1 s0");
        var reports = h.state.lockdep().reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).kind()).isEqualTo("circular-locking");
        assertThat(reports.get(0).text()).containsSubsequence(
                "WARNING: possible circular locking dependency detected",
                "kworker/0:1/101 is trying to acquire lock:",
                "M (M){+.+.}-{3:3}, at: mutex_lock(M) in fn (test.yaml:5:11)",
                "but task is already holding lock:",
                "(work_completion)(&dev->reset_work) ((work_completion)(&dev->reset_work)){+.+.}-{0:0}, at: process_one_work in worker_thread",
                "-> #1 ((work_completion)(&dev->reset_work)){+.+.}-{0:0}:",
                "       cancel_work_sync");
    }

    /** Since v6.9 cancelling a work that has finished takes no map: the same code, the work done first, reports nothing. */
    @Test
    void cancelWorkSync_ofAFinishedWork_recordsNoDependency() {
        Harness h = new Harness(CANCEL_UNDER_MUTEX).play("s0 w0.1 s0 s0 s0 s0 s0 w0.0 s0 s0");
        assertThat(h.state.lockdep().reports()).isEmpty();
    }

    /** flush_work() of a work on an ordered workqueue also takes the workqueue's map (start_flush_work()). */
    @Test
    void flushWork_onOrderedWorkqueue_touchesTheWorkqueuesMap() {
        Harness h = new Harness("""
                scenario: flush behind an ordered work
                cpus: 1
                locks: { M: mutex }
                handlers:
                  a_fn: [ { mutex_lock: M }, { mutex_unlock: M } ]
                  b_fn: [ { note: b } ]
                workqueues:
                  owq: { ordered: true }
                works:
                  a: { function: a_fn }
                  b: { function: b_fn }
                tasks:
                  - cpu: 0
                    run:
                      - queue_work: { wq: owq, work: a }
                      - queue_work: { wq: owq, work: b }
                      - mutex_lock: M
                      - flush_work: b
                      - mutex_unlock: M
                """);
        h.runFirst(60);
        var reports = h.state.lockdep().reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).kind()).isEqualTo("circular-locking");
        assertThat(reports.get(0).text()).anySatisfy(l -> assertThat(l).contains("(wq_completion)owq"));
        assertThat(h.kernel.stuck(h.state)).isTrue();
    }

    private static final String DRAIN = """
            scenario: drain
            cpus: 2
            handlers:
              fn: [ { note: runs } ]
              late_fn: [ { note: late runs } ]
            workqueues:
              wq: {}
            works:
              w: { function: fn }
              late: { function: late_fn }
            tasks:
              - cpu: 0
                run: [ { queue_work: { wq: wq, work: w } }, { %s: wq }, { note: done } ]
              - cpu: 1
                run: [ { queue_work: { wq: wq, work: late } } ]
            """;

    /** drain_workqueue() sleeps until the workqueue is empty; meanwhile work from outside it is refused with the kernel's WARN. */
    @Test
    void drainWorkqueue_refusesOutsideWorkWhileDraining() {
        Harness h = new Harness(DRAIN.formatted("drain_workqueue")).play("s0 s0");
        assertThat(h.state.tasks.get(0).ctx.wait).isEqualTo(Wait.FLUSH_WORKQUEUE);
        h.play("s1");
        assertThat(texts(h, "WARNING: queue_work() of late on wq while it is drained")).hasSize(1);
        h.runFirst(40);
        assertThat(texts(h, "note: ")).containsExactly("note: runs", "note: done");
        assertThat(h.state.wq.lifecycle[1]).isEqualTo(WorkqueueState.ALIVE);
    }

    /** destroy_workqueue() drains it and ends it: queueing on it afterwards is refused. */
    @Test
    void destroyWorkqueue_thenQueueWork_isRefused() {
        Harness h = new Harness(DRAIN.formatted("destroy_workqueue")).play("s0 s0").runFirst(40);
        assertThat(h.state.wq.lifecycle[1]).isEqualTo(WorkqueueState.DESTROYED);
        assertThat(texts(h, "note: ")).doesNotContain("note: late runs");
    }

    /** flush_workqueue() of an idle workqueue returns at once; of a busy one it sleeps until the work ran. */
    @Test
    void flushWorkqueue_waitsForItsWork() {
        Harness h = new Harness(DRAIN.formatted("flush_workqueue")).play("s0 s0");
        assertThat(h.state.tasks.get(0).ctx.wait).isEqualTo(Wait.FLUSH_WORKQUEUE);
        h.play("w0.2 s0 s0 s0 s0");
        assertThat(h.state.tasks.get(0).ctx.woken).isTrue();
    }

    /** Lesson 21: flush_workqueue() under the mutex its work takes, in print_circular_bug()'s layout. */
    @Test
    void flushWorkqueue_underTheWorksMutex_isCircularThroughTheWorkqueuesMap() throws Exception {
        Harness h = new Harness(Files.readString(Path.of("scenarios/lockdep/21-flush-workqueue-under-lock.yaml")))
                .play("s0 w0.1 s0 w0.0 w0.1 s0 w0.0 s0 s0 s0 w0.1 s0");
        var reports = h.state.lockdep().reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).text()).containsSubsequence(
                "WARNING: possible circular locking dependency detected",
                "kworker/0:1/101 is trying to acquire lock:",
                "cfg_mutex (cfg_mutex){+.+.}-{3:3}, at: mutex_lock(cfg_mutex) in xnic_reset_task (test.yaml:37:7)",
                "but task is already holding lock:",
                "(work_completion)(&priv->reset_work) ((work_completion)(&priv->reset_work)){+.+.}-{0:0}, at: process_one_work in worker_thread",
                "the existing dependency chain (in reverse order) is:",
                "-> #2 ((work_completion)(&priv->reset_work)){+.+.}-{0:0}:",
                "-> #1 ((wq_completion)xnic_wq){+.+.}-{0:0}:",
                "       flush_workqueue",
                "-> #0 (cfg_mutex){+.+.}-{3:3}:",
                "Chain exists of:",
                "  cfg_mutex --> (wq_completion)xnic_wq --> (work_completion)(&priv->reset_work)",
                " Possible unsafe locking scenario:",
                " *** DEADLOCK ***",
                "2 locks held by kworker/0:1/101:",
                " #0: (wq_completion)xnic_wq ((wq_completion)xnic_wq){+.+.}-{0:0}, at: process_one_work in worker_thread",
                " #1: (work_completion)(&priv->reset_work) ((work_completion)(&priv->reset_work)){+.+.}-{0:0}, at: process_one_work in worker_thread");
        assertThat(h.moves()).isEmpty();
        assertThat(h.kernel.stuck(h.state)).isTrue();
        assertThat(h.state.deadlock().explanation()).contains("sleeps in flush_workqueue(xnic_wq) until its work returns in"
                + " CPU0 task kworker/0:1").contains("sleeps on cfg_mutex held by CPU0 task ip");
    }
    private static final String CANCEL_BEFORE_RUN = """
            scenario: cancel between the kworker's wait and its run
            cpus: 2
            handlers:
              w_fn: [ { note: runs } ]
            works:
              w: w_fn
            tasks:
              - cpu: 0
                run: [ { schedule_work: w } ]
              - cpu: 1
                run: [ { note: remove }, { cancel_work_sync: w }, { note: cancelled } ]
            """;

    /**
     * cancel_work_sync() takes the work off the pool after its kworker found the pool non-empty and
     * before process_one_work(): the kworker finds nothing to run and sleeps again (it used to take
     * the first item of an empty list: an internal error).
     */
    @Test
    void cancelWorkSync_betweenWorkerWaitAndRun_workerSleepsAgain() {
        Harness h = new Harness(CANCEL_BEFORE_RUN).play("s0 w0.2 s0 s1 s1");   // queued; kworker/0:1 saw it; cancelled
        assertThat(h.state.wq.pending.get(0)).isEmpty();
        h.play("s0");                                                          // the kworker's process_one_work()
        assertThat(h.state.wq.current[0]).isNull();
        assertThat(h.state.wq.workerState[0]).isEqualTo(WorkqueueState.IDLE);
        h.runFirst(50);
        assertThat(texts(h, "note: ")).containsExactly("note: remove", "note: cancelled");
        assertThat(h.kernel.stuck(h.state)).isFalse();
    }

    private static final String POOL = """
            scenario: pool
            cpus: 1
            locks: { M: mutex }
            handlers:
              a_fn: [ { mutex_lock: M }, { note: a has M }, { mutex_unlock: M } ]
              b_fn: [ { note: b runs } ]
            workqueues:
              wq: { ordered: %s }
            works:
              a: a_fn
              b: b_fn
            tasks:
              - name: ioctl
                cpu: 0
                run:
                  - mutex_lock: M
                  - queue_work: { wq: wq, work: a }
                  - queue_work: { wq: wq, work: b }
                  - flush_work: b
                  - mutex_unlock: M
            """;

    private static List<String> switches(Harness h) {
        return h.events.stream().filter(e -> e.kind().equals("switch")).map(TraceEvent::text).toList();
    }

    /**
     * Concurrency management: kworker/0:1 sleeps on M inside a (wq_worker_sleeping()), so the pool
     * has pending work and nothing running, and kick_pool() wakes kworker/0:2, which runs b; the
     * flush returns, the mutex is released, and kworker/0:1 continues a.
     */
    @Test
    void sleepingWork_letsASecondKworkerOfTheCpuRunTheNextWork() {
        Harness h = new Harness(POOL.formatted("false"));
        assertThat(h.state.tasks.get(3).comm).isEqualTo("kworker/0:2");      // after ksoftirqd/0 (task 2)
        h.play("s0 s0 s0 s0");                 // M taken, a and b queued, ioctl sleeps in flush_work(b)
        h.play("w0.1 s0 s0 s0");               // kworker/0:1 starts a and sleeps on M
        assertThat(h.state.wq.workerState[0]).isEqualTo(WorkqueueState.SLEEPING);
        assertThat(h.state.wq.workerState[1]).isEqualTo(WorkqueueState.WAKING);
        assertThat(h.events).anySatisfy(e -> assertThat(e.changes()).contains("kworker/0:1 sleeps in a: CPU0's pool has 0 running"));
        h.play("w0.3 s0 s0 s0 s0 s0");         // kworker/0:2 runs b to its end
        h.runFirst(60);
        assertThat(switches(h)).contains("schedule(): kworker/0:1 -> kworker/0:2");
        assertThat(texts(h, "note: ")).containsExactly("note: b runs", "note: a has M");
        assertThat(h.kernel.stuck(h.state)).isFalse();
    }

    /** The same on an ordered workqueue: b stays inactive behind a, which sleeps on the flusher's mutex: no second kworker, a stall. */
    @Test
    void orderedWorkqueue_sleepingWork_stillHoldsTheNextBack() {
        Harness h = new Harness(POOL.formatted("true")).runFirst(60);
        assertThat(texts(h, "note: ")).isEmpty();
        assertThat(switches(h)).noneSatisfy(t -> assertThat(t).contains("kworker/0:2"));
        assertThat(h.state.wq.inactive.get(1)).hasSize(1);
        assertThat(h.kernel.stuck(h.state)).isTrue();
    }

    private static final String SPIN = """
            scenario: spin
            cpus: 2
            locks: { S: spinlock }
            handlers:
              a_fn: [ { spin_lock: S }, { note: a has S }, { spin_unlock: S } ]
              b_fn: [ { note: b runs } ]
            works:
              a: a_fn
              b: b_fn
            tasks:
              - name: queuer
                cpu: 0
                run: [ { queue_work: a }, { queue_work: b } ]
              - name: holder
                cpu: 1
                run: [ { spin_lock: S }, { note: holder has S }, { spin_unlock: S } ]
            """;

    /**
     * A kworker spinning on a lock, or preempted, still counts in nr_running: the pool wakes no
     * second kworker, and b runs after a on kworker/0:1.
     */
    @Test
    void spinningOrPreemptedWork_doesNotLetTheNextWorkStart() {
        Harness h = new Harness(SPIN);
        assertThat(h.state.tasks.get(2).comm).isEqualTo("kworker/0:1");
        h.play("s1 s0 s0");                    // holder takes S; a and b queued on CPU0; queuer exits
        h.play("w0.2 s0 s0 s0");               // kworker/0:1 starts a and spins on S
        assertThat(h.top(0).wait).isEqualTo(Wait.SPIN);
        assertThat(h.state.wq.workerState[0]).isEqualTo(WorkqueueState.RUNNING);
        assertThat(h.state.wq.workerState[1]).isEqualTo(WorkqueueState.IDLE);
        assertThat(h.state.wq.pending.get(0)).hasSize(1);
        assertThat(h.moves()).noneMatch(m -> m.kind() == Move.Kind.SWITCH && m.cpu() == 0);
        h.runFirst(80);
        assertThat(texts(h, "note: ")).containsExactly("note: holder has S", "note: a has S", "note: b runs");
        assertThat(switches(h)).noneSatisfy(t -> assertThat(t).contains("kworker/0:2"));

        Harness preempted = new Harness("""
                scenario: preempted
                cpus: 1
                handlers:
                  a_fn: [ { note: a1 }, { note: a2 } ]
                  b_fn: [ { note: b } ]
                works:
                  a: a_fn
                  b: b_fn
                tasks:
                  - name: queuer
                    cpu: 0
                    run: [ { queue_work: a }, { note: between }, { queue_work: b } ]
                """).play("s0 w0.1 s0 s0 s0");    // a queued; kworker/0:1 runs its first note
        preempted.play("w0.0 s0 s0");              // preempted by queuer, which queues b
        assertThat(preempted.state.wq.workerState[0]).isEqualTo(WorkqueueState.RUNNING);
        assertThat(preempted.state.wq.workerState[1]).isEqualTo(WorkqueueState.IDLE);
        assertThat(preempted.state.wq.pending.get(0)).hasSize(1);
        preempted.runFirst(40);
        assertThat(texts(preempted, "note: ")).containsExactly("note: a1", "note: between", "note: a2", "note: b");
        assertThat(switches(preempted)).noneSatisfy(t -> assertThat(t).contains("kworker/0:2"));
    }

    private static final String REQUEUE = """
            scenario: requeue
            cpus: 1
            locks: { M: mutex }
            handlers:
              a_fn: [ { mutex_lock: M }, { note: a has M }, { mutex_unlock: M } ]
              b_fn: [ { note: b } ]
            works:
              a: a_fn
            %s
            tasks:
              - name: t
                cpu: 0
                run: [ { mutex_lock: M }, { queue_work: a }, { msleep: 1 }, { queue_work: a }, { msleep: 1 }, { mutex_unlock: M } ]
            """;

    /** A work queued again while it sleeps on one kworker is not run by another: it goes to the first, which runs it next. */
    @Test
    void requeuedWhileItSleeps_runsAgainOnTheSameKworker() {
        Harness h = new Harness(REQUEUE.formatted(""));
        assertThat(h.state.wq.poolSize).isEqualTo(1);      // one work: one kworker suffices, it runs a again itself
        h.play("s0 s0 s0 w0.1 s0 s0 s0 w0.0 s0 s0 s0");   // a sleeps on M in kworker/0:1; t queues it again
        assertThat(h.state.wq.pending.get(0)).hasSize(1);
        h.runFirst(80);
        assertThat(texts(h, "note: ")).containsExactly("note: a has M", "note: a has M");
        assertThat(h.kernel.stuck(h.state)).isFalse();

        h = new Harness(REQUEUE.formatted("  b: b_fn"));
        h.play("s0 s0 s0 w0.1 s0 s0 s0");      // a queued; t sleeps; kworker/0:1 sleeps on M in a
        h.play("w0.0 s0 s0 s0");               // t queues a again (kworker/0:2 is kicked), sleeps
        h.play("w0.3 s0 s0");                  // kworker/0:2: a runs on kworker/0:1, so it goes there; back to idle
        assertThat(h.events).anySatisfy(e -> assertThat(e.changes()).contains("a already runs on kworker/0:1: it runs it next"));
        assertThat(h.state.wq.scheduled[0]).isNotNull();
        assertThat(h.state.wq.workerState[1]).isEqualTo(WorkqueueState.IDLE);
        h.runFirst(80);
        assertThat(texts(h, "note: ")).containsExactly("note: a has M", "note: a has M");
        assertThat(h.kernel.stuck(h.state)).isFalse();
    }

    /**
     * __queue_work()'s non-reentrancy: a work queued from CPU0 while a kworker of CPU1 runs it goes
     * to CPU1's pool (get_work_pool(), find_worker_executing_work()), and runs there after the first.
     */
    @Test
    void queueWork_whileItRunsOnAnotherCpu_queuesOnThatCpusPool() {
        Harness h = new Harness("""
                scenario: a work queued again while it runs elsewhere
                cpus: 2
                works:
                  w: w_fn
                handlers:
                  w_fn: [ { note: first }, { note: second } ]
                tasks:
                  - cpu: 1
                    run: [ { queue_work: w } ]
                  - cpu: 0
                    run: [ { note: later }, { queue_work: w } ]
                """).play("s1");
        Move kworker = h.moves().stream().filter(m -> m.kind() == Move.Kind.SWITCH && m.cpu() == 1).findFirst().orElseThrow();
        h.play(kworker.token());
        while (h.events.stream().noneMatch(e -> e.text().equals("note: first"))) {
            h.play("s1");
        }
        h.play("s0 s0");
        assertThat(h.state.wq.pending.get(0)).as("CPU0's pool").isEmpty();
        assertThat(h.state.wq.pending.get(1)).as("CPU1's pool").hasSize(1);
        assertThat(h.moves()).noneMatch(m -> m.kind() == Move.Kind.SWITCH && m.cpu() == 0);
    }

    /**
     * __flush_workqueue() takes wq->mutex (a sleeping lock) before it waits: under a spinlock that
     * is check_wait_context()'s invalid wait context as well as might_sleep()'s BUG.
     */
    @Test
    void flushWorkqueue_underASpinlock_takesWqMutex_invalidWaitContext() {
        Harness h = new Harness("""
                scenario: flush_workqueue() under a spinlock
                cpus: 1
                locks:
                  L: spinlock
                tasks:
                  - cpu: 0
                    run: [ { spin_lock: L }, { flush_workqueue: system_wq }, { spin_unlock: L } ]
                """).play("s0 s0");
        var reports = h.state.lockdep().reports();
        assertThat(reports).extracting(r -> r.kind()).contains("invalid-wait-context", "sleep-in-atomic");
        assertThat(reports.stream().filter(r -> r.kind().equals("invalid-wait-context")).findFirst().orElseThrow().text().toString())
                .contains("&wq->mutex");
    }
}

package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import zswapsim.trace.TraceEvent;

/**
 * Work run later, elsewhere: tasklets (TASKLET_SOFTIRQ, one CPU at a time), task_work (on the way
 * back to user space), threaded irqs (the hardirq, then the irq/N-NAME kthread) and softirq
 * handlers on named vectors (handle_softirqs() runs them in vector order).
 */
class DeferredWorkModelTest {
    private static final String TASKLETS = """
            scenario: tasklets
            cpus: 2
            handlers:
              tl_fn: [ {note: a}, {note: b} ]
            tasks:
              - cpu: 0
                run: [ tasklet_schedule: tl_fn, tasklet_schedule: tl_fn ]
              - cpu: 1
                run: [ note: x, tasklet_schedule: tl_fn ]
            """;

    private static List<String> texts(Harness h, int cpu) {
        return h.events.stream().filter(e -> e.cpu() == cpu).map(TraceEvent::text).toList();
    }

    private static boolean changed(Harness h, String change) {
        return h.events.stream().anyMatch(e -> e.changes().contains(change));
    }

    /** tasklet_schedule() raises TASKLET_SOFTIRQ on the calling CPU; a second one while scheduled is a no-op: it runs once. */
    @Test
    void taskletSchedule_runsOnceInTaskletSoftirqOnTheCallingCpu() {
        Harness h = new Harness(TASKLETS).play("s0 s0");
        assertThat(h.cpu(0).pending).isEqualTo(1L << Program.TASKLET_SOFTIRQ);
        assertThat(h.cpu(1).pending).isZero();
        assertThat(changed(h, "tl_fn already scheduled on CPU0")).isTrue();
        h.play("x0 s0 s0");
        assertThat(h.top(0).label).isEqualTo("TASKLET_SOFTIRQ");
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.SOFTIRQ);
        h.play("s0 s0 s0 s0");
        assertThat(texts(h, 0).stream().filter(t -> t.equals("note: a")).count()).isEqualTo(1);
        assertThat(h.events.stream().filter(e -> e.text().equals("note: a")).findFirst().orElseThrow().chain())
                .containsExactly("tl_fn", "tasklet_action", "softirq TASKLET_SOFTIRQ");
    }

    /**
     * SCHED is cleared before the function runs, so CPU1 may schedule it again meanwhile; CPU1's
     * tasklet_action() then finds it RUN on CPU0 and requeues it: it runs on CPU1 only after CPU0's run returned.
     */
    @Test
    void tasklet_scheduledWhileRunningElsewhere_waitsForThatRun() {
        Harness h = new Harness(TASKLETS).play("s0 s0 x0 s0 s0 s0");
        assertThat(h.state.tasklets.runningOn[0]).isEqualTo(0);
        h.play("s1 s1 x1 s1 s1");
        assertThat(changed(h, "tasklet tl_fn requeued (running elsewhere)")).isTrue();
        assertThat(texts(h, 1)).doesNotContain("note: a");
        assertThat(h.cpu(1).pending).isEqualTo(1L << Program.TASKLET_SOFTIRQ);
        h.play("s0 s0 s0");
        assertThat(h.state.tasklets.runningOn[0]).isEqualTo(-1);
        for (int i = 0; i < 6 && !texts(h, 1).contains("note: a"); i++) {
            h.play(h.can("s1") ? "s1" : "x1");
        }
        assertThat(texts(h, 1)).contains("note: a");
    }

    /** task_work_add(): the works run when the task's code has ended, newest first, before it returns to user space. */
    @Test
    void taskWork_runsAfterTheCodeEnds_newestFirst_beforeExit() {
        Harness h = new Harness("""
                scenario: task_work
                cpus: 1
                handlers:
                  w1: [ {note: w1} ]
                  w2: [ {note: w2} ]
                tasks:
                  - cpu: 0
                    run: [ task_work_add: w1, task_work_add: w2, note: end ]
                """);
        for (int i = 0; i < 8 && !h.moves().isEmpty(); i++) {
            h.play("s0");
        }
        assertThat(texts(h, 0)).containsSubsequence("note: end", "note: w2", "note: w1", "task task0 returns to user space");
        assertThat(h.events.stream().filter(e -> e.text().equals("note: w1")).findFirst().orElseThrow().chain())
                .containsExactly("w1", "task_work_run");
    }

    /** From a hardirq, task_work_add() queues on the interrupted task (current), which runs it on its way out. */
    @Test
    void taskWork_addedFromAHardirq_runsInTheInterruptedTask() {
        Harness h = new Harness("""
                scenario: task_work from a hardirq
                cpus: 1
                handlers:
                  w: [ {note: w} ]
                tasks:
                  - name: app
                    cpu: 0
                    run: [ in_hardirq: [ task_work_add: w ], note: end ]
                """);
        for (int i = 0; i < 8 && !h.moves().isEmpty(); i++) {
            h.play("s0");
        }
        assertThat(h.events.stream().filter(e -> e.text().equals("note: w")).findFirst().orElseThrow().context())
                .isEqualTo("task app");
    }

    private static final String THREADED = """
            scenario: threaded irq
            cpus: 1
            locks: { A: spinlock }
            handlers:
              quick: [ {note: ack the device} ]
              slow: [ {spin_lock: A}, {spin_unlock: A} ]
            tasks:
              - cpu: 0
                run: [ spin_lock: A, spin_unlock: A ]
            interrupts:
              - hardirq: quick
                thread: slow
            """;

    /**
     * The primary handler runs in hardirq context and wakes irq/0-quick; the thread function runs
     * there in task context, so its lock is not IN-HARDIRQ and plain spin_lock() elsewhere is fine.
     */
    @Test
    void threadedIrq_threadFunctionRunsInTheIrqKthread_inTaskContext() {
        Harness h = new Harness(THREADED).play("i0.0");
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.HARDIRQ);
        h.play("s0");
        TaskState thread = h.state.tasks.get(2);
        assertThat(thread.comm).isEqualTo("irq/0-quick");
        assertThat(thread.runThread).isTrue();
        assertThat(thread.ctx.woken).isTrue();
        h.play("w0.2 s0 s0 s0 s0");
        TraceEvent locked = h.events.stream().filter(e -> e.text().equals("spin_lock(A)")).findFirst().orElseThrow();
        assertThat(locked.context()).isEqualTo("task irq/0-quick");
        assertThat(locked.chain()).containsExactly("slow", "irq_thread");
        h.play("s0 s0");
        assertThat(thread.ctx.wait).isEqualTo(Wait.IDLE);
        assertThat(thread.runThread).isFalse();
        h.play("w0.0 s0 s0");
        assertThat(h.state.lockdep().reports()).isEmpty();
    }

    /** The same handler as a plain hardirq takes A in hardirq context: the task's spin_lock(A) is inconsistent. */
    @Test
    void sameHandlerInHardirq_isInconsistent() {
        Harness h = new Harness(THREADED.replace("quick: [ {note: ack the device} ]", "quick: [ call: slow ]")
                .replace("    thread: slow\n", "")).play("s0 s0 i0.0 s0 s0 s0");
        assertThat(h.state.lockdep().reportKinds()).containsExactly("inconsistent-lock-state");
    }

    /** A second arrival while the thread function runs sets IRQTF_RUNTHREAD again: the function runs once more. */
    @Test
    void threadedIrq_arrivalWhileTheThreadRuns_runsItAgain() {
        Harness h = new Harness(THREADED.replace("    thread: slow\n", "    thread: slow\n    times: 2\n"))
                .play("i0.0 s0 w0.2 s0 s0 s0 i0.0 s0");
        assertThat(h.state.tasks.get(2).runThread).isTrue();
        h.play("s0 s0 s0 s0 s0");
        assertThat(h.events.stream().filter(e -> e.text().equals("spin_lock(A)") && e.context().equals("task irq/0-quick")))
                .hasSize(2);
    }

    /** A handler that names vector HI runs before one on NET_RX, whatever the file's order (vector order). */
    @Test
    void namedVectors_runInTheKernelsVectorOrder() {
        Harness h = new Harness("""
                scenario: vectors
                cpus: 1
                handlers:
                  rx: [ {note: net_rx} ]
                  hi: [ {note: hi} ]
                tasks:
                  - cpu: 0
                    run: [ raise_softirq: rx, raise_softirq: hi ]
                interrupts:
                  - softirq: rx
                    vector: NET_RX
                  - softirq: hi
                    vector: HI
                """).play("s0 s0 x0 s0 s0");
        assertThat(h.cpu(0).pending).isZero();
        assertThat(texts(h, 0)).containsSubsequence("note: hi", "note: net_rx");
    }

    /**
     * A tasklet runs in softirq context: a lock it takes, also taken with plain spin_lock() in a
     * task, is print_usage_bug()'s {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W}, from TASKLET_SOFTIRQ (on swapper/0 once the task has exited).
     */
    @Test
    void tasklet_lockAlsoTakenWithSoftirqsOn_isInconsistentInTheKernelsLayout() {
        Harness h = new Harness("""
                scenario: a tasklet's lock
                cpus: 1
                locks: { A: spinlock }
                handlers:
                  tl_fn: [ {spin_lock: A}, {spin_unlock: A} ]
                tasks:
                  - name: dev
                    cpu: 0
                    run: [ spin_lock: A, spin_unlock: A, tasklet_schedule: tl_fn ]
                """).play("s0 s0 s0 x0 s0 s0 s0");
        var reports = h.state.lockdep().reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).text()).containsSubsequence(
                "WARNING: inconsistent lock state",
                "inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage.",
                "swapper/0/0 [HC0[0]:SC1[1]:HE1:SE0] takes:",
                "A (A){+.?.}-{2:2}, at: spin_lock(A) in tl_fn (test.yaml:5:13)",
                "{SOFTIRQ-ON-W} state was registered at:",
                " Possible unsafe locking scenario:",
                "  lock(A);",
                "  <Interrupt>",
                "    lock(A);",
                " *** DEADLOCK ***",
                "stack backtrace:",
                "  spin_lock(A)",
                "  tl_fn",
                "  tasklet_action",
                "  softirq TASKLET_SOFTIRQ");
    }
}

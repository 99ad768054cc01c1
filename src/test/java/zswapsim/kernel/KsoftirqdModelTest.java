package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import zswapsim.trace.TraceEvent;

/**
 * ksoftirqd/N as a task of its own (kernel/softirq.c): raise_softirq() outside interrupt context
 * wakes it, handle_softirqs() wakes it when it gives up restarting, and it runs the pending
 * softirqs in its own task context when the scheduler can switch to it.
 */
class KsoftirqdModelTest {
    /** Tasks: app (0), kworker/0:1 (1), ksoftirqd/0 (2). */
    private static final String KSOFTIRQD = "w0.2";

    private static final String RAISE_FROM_TASK = """
            scenario: raise from task context
            cpus: 1
            locks: { A: spinlock }
            handlers:
              net_rx: [ { note: rx } ]
            tasks:
              - name: app
                cpu: 0
                run:
                  - raise_softirq: net_rx
                  - note: after
            """;

    private static TaskState ksoftirqd(Harness h) {
        return h.state.tasks.get(h.state.ksoftirqdTask[0]);
    }

    private static TraceEvent event(Harness h, String text) {
        return h.events.stream().filter(e -> e.text().equals(text)).findFirst().orElseThrow();
    }

    /**
     * raise_softirq() from task context with BH enabled wakes ksoftirqd/0; switched to, it runs
     * the softirq in its own task context: the trace shows ksoftirqd/0 under the softirq.
     */
    @Test
    void raiseFromTask_bhEnabled_runsInKsoftirqd() {
        Harness h = new Harness(RAISE_FROM_TASK).step(0, 1);
        assertThat(ksoftirqd(h).comm).isEqualTo("ksoftirqd/0");
        assertThat(ksoftirqd(h).ctx.woken).isTrue();
        assertThat(h.last().changes()).contains("raise net_rx", "wake ksoftirqd/0");
        assertThat(h.can(KSOFTIRQD)).isTrue();
        h.play(KSOFTIRQD + " s0");
        assertThat(h.cpu(0).current).isEqualTo(h.state.ksoftirqdTask[0]);
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.SOFTIRQ);
        assertThat(h.last().text()).isEqualTo("softirq: handle_softirqs() runs net_rx in ksoftirqd/0");
        h.step(0, 1);
        TraceEvent rx = event(h, "note: rx");
        assertThat(rx.context()).isEqualTo("softirq net_rx");
        assertThat(rx.chain()).containsExactly("net_rx", "softirq net_rx", "run_ksoftirqd", "ksoftirqd/0");
        assertThat(rx.cpuState()).startsWith("task ksoftirqd/0 > softirq net_rx | preempt 0 bh 0 irqs on");
        assertThat(rx.snapshot().stack()).extracting(c -> c.kind() + " " + c.label())
                .containsExactly("task ksoftirqd/0", "softirq net_rx");
        // Done: back in ksoftirqd's loop, which finds nothing pending and sleeps.
        h.step(0, 2);
        assertThat(ksoftirqd(h).ctx.wait).isEqualTo(Wait.IDLE);
        assertThat(h.last().text()).isEqualTo("run_ksoftirqd()");
        assertThat(h.last().changes()).contains("sleeps: idle");
        assertThat(h.can(KSOFTIRQD)).isFalse();
        h.play("w0.0 s0");
        assertThat(h.last().text()).isEqualTo("task app returns to user space");
    }

    /** The same softirq may still run at an irq exit, on top of the task (x0); ksoftirqd then finds nothing. */
    @Test
    void raiseFromTask_irqExitFirst_ksoftirqdFindsNothingPending() {
        Harness h = new Harness(RAISE_FROM_TASK).step(0, 1);
        assertThat(h.can("x0")).isTrue();
        h.play("x0 s0");
        assertThat(event(h, "note: rx").chain()).containsExactly("net_rx", "softirq net_rx");
        assertThat(h.cpu(0).pending).isZero();
        h.play(KSOFTIRQD + " s0");
        assertThat(h.last().text()).isEqualTo("run_ksoftirqd()");
        assertThat(ksoftirqd(h).ctx.wait).isEqualTo(Wait.IDLE);
        assertThat(h.events).noneMatch(e -> e.kind().equals("softirq-enter") && e.text().contains("ksoftirqd"));
    }

    /**
     * Raised under a spinlock: ksoftirqd is woken (the task is not in_interrupt()), but the
     * scheduler cannot switch to it while spin_lock() holds preempt_count up; after the unlock it can.
     */
    @Test
    void raiseUnderSpinlock_ksoftirqdCannotRunUntilUnlock() {
        Harness h = new Harness(RAISE_FROM_TASK.replace("      - raise_softirq: net_rx\n",
                "      - spin_lock: A\n      - raise_softirq: net_rx\n      - note: still holding A\n      - spin_unlock: A\n"))
                .step(0, 2);
        assertThat(ksoftirqd(h).ctx.woken).isTrue();
        assertThat(h.can(KSOFTIRQD)).isFalse();
        h.step(0, 1);
        assertThat(h.can(KSOFTIRQD)).isFalse();
        h.step(0, 1);
        assertThat(h.cpu(0).preempt).isZero();
        assertThat(h.can(KSOFTIRQD)).isTrue();
    }

    /** With BH disabled (in_interrupt()) or from a hardirq, raise_softirq() does not wake ksoftirqd. */
    @Test
    void raiseInInterruptOrBhDisabled_doesNotWakeKsoftirqd() {
        Harness h = new Harness("""
                scenario: raise in interrupt context
                cpus: 1
                handlers:
                  net_rx: [ { note: rx } ]
                tasks:
                  - name: app
                    cpu: 0
                    run:
                      - local_bh_disable
                      - raise_softirq: net_rx
                      - in_hardirq: [ { raise_softirq: net_rx } ]
                      - note: end
                """).step(0, 2);
        assertThat(h.cpu(0).pending).isNotZero();
        assertThat(ksoftirqd(h).ctx.woken).isFalse();
        h.step(0, 3);
        assertThat(ksoftirqd(h).ctx.woken).isFalse();
    }

    /** A softirq that keeps raising itself: after MAX_SOFTIRQ_RESTART rounds handle_softirqs() leaves it to ksoftirqd. */
    @Test
    void restartLimit_wakesKsoftirqd() {
        Harness h = new Harness("""
                scenario: a softirq that raises itself
                cpus: 1
                handlers:
                  net_rx: [ { raise_softirq: net_rx } ]
                tasks:
                  - name: app
                    cpu: 0
                    run: [ { note: a } ]
                interrupts:
                  - softirq: net_rx
                    cpus: [0]
                """).play("i0.0");
        for (int i = 0; i < 40 && h.events.stream().noneMatch(e -> e.kind().equals("softirq-exit")); i++) {
            h.step(0, 1);
        }
        TraceEvent exit = h.events.stream().filter(e -> e.kind().equals("softirq-exit")).findFirst().orElseThrow();
        assertThat(exit.text()).isEqualTo("softirq: handle_softirqs() returns (still pending: net_rx, left to ksoftirqd)");
        assertThat(exit.changes()).contains("wake ksoftirqd/0");
        assertThat(h.events.stream().filter(e -> e.text().equals("raise_softirq(net_rx)")).count())
                .isEqualTo(Softirqs.MAX_SOFTIRQ_RESTART);
        assertThat(h.can(KSOFTIRQD)).isTrue();
    }

    /**
     * A splat from a softirq handler run in ksoftirqd names ksoftirqd/0 as the task and lists its
     * held locks (the handler's), line by line in the kernel's layout.
     */
    @Test
    void splatInKsoftirqd_namesKsoftirqdAndItsHeldLocks() {
        Harness h = new Harness("""
                scenario: softirq in ksoftirqd takes a softirq-unsafe lock
                cpus: 1
                locks: { A: spinlock, B: spinlock }
                handlers:
                  net_rx: [ { spin_lock: B }, { spin_lock: A }, { spin_unlock: A }, { spin_unlock: B } ]
                tasks:
                  - name: app
                    cpu: 0
                    run:
                      - spin_lock: A
                      - spin_unlock: A
                      - raise_softirq: net_rx
                """).play("s0 s0 s0 " + KSOFTIRQD + " s0 s0 s0");
        assertThat(h.state.lockdep().reports()).singleElement().satisfies(r -> assertThat(r.text()).containsExactly(
                "================================",
                "WARNING: inconsistent lock state",
                "6.8.0-zswapsim #1 Not tainted",
                "--------------------------------",
                "inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage.",
                "ksoftirqd/0/102 [HC0[0]:SC1[1]:HE1:SE0] takes:",
                "A (A){+.?.}-{2:2}, at: spin_lock(A) in net_rx (test.yaml:5:33)",
                "{SOFTIRQ-ON-W} state was registered at:",
                "  spin_lock(A)",
                "  app",
                "  test.yaml:10:9 (step 1)",
                "irq event stamp: 1",
                "hardirqs last  enabled at (0): [<0000000000000000>] 0x0",
                "hardirqs last disabled at (0): [<0000000000000000>] 0x0",
                "softirqs last  enabled at (0): [<0000000000000000>] 0x0",
                "softirqs last disabled at (1): [<?>] __do_softirq in softirq net_rx",
                "",
                "other info that might help us debug this:",
                " Possible unsafe locking scenario:",
                "",
                "       CPU0",
                "       ----",
                "  lock(A);",
                "  <Interrupt>",
                "    lock(A);",
                "",
                " *** DEADLOCK ***",
                "",
                "1 lock held by ksoftirqd/0/102:",
                " #0: B (B){+.-.}-{2:2}, at: spin_lock(B) in net_rx (test.yaml:5:15)",
                "",
                "stack backtrace:",
                "  spin_lock(A)",
                "  net_rx",
                "  softirq net_rx",
                "  run_ksoftirqd",
                "  ksoftirqd/0",
                "  test.yaml:5:33 (step 7)"));
    }

    /** ksoftirqd/N is the last task of its CPU: schedules written before it existed keep their task numbers. */
    @Test
    void ksoftirqd_isEachCpusLastTask() {
        Harness h = new Harness("""
                scenario: two CPUs
                cpus: 2
                tasks:
                  - { name: a, cpu: 0, run: [ { note: a } ] }
                  - { name: b, cpu: 1, run: [ { note: b } ] }
                """);
        List<String> comms = h.state.tasks.stream().map(t -> t.comm).toList();
        assertThat(comms).containsExactly("a", "b", "kworker/0:1", "kworker/1:1", "ksoftirqd/0", "ksoftirqd/1");
        assertThat(h.state.tasks.get(5).pid).isEqualTo(105);
        assertThat(h.state.tasks.get(5).cpu).isEqualTo(1);
    }
}

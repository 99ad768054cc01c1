package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import zswapsim.scenario.ScenarioLoader;

/** The deadlock monitor driven by its events alone: no actor, no machine state. */
class WaitForGraphTest {
    private static final Program PROGRAM = ProgramCompiler.compile(ScenarioLoader.parse("test.yaml", """
            scenario: two tasks, two locks
            cpus: 2
            locks: { A: spinlock, B: spinlock }
            tasks:
              - { name: t0, cpu: 0, run: [ { spin_lock: A } ] }
              - { name: t1, cpu: 1, run: [ { spin_lock: B } ] }
            """));

    private static WaitForGraph graph() {
        return new WaitForGraph(PROGRAM, new int[] {0, 1}, new String[] {"t0", "t1"}, new boolean[2], new int[] {0, 1});
    }

    private static WaitEvent.Waits spins(int ctx, int lock) {
        return new WaitEvent.Waits(ctx, Wait.SPIN, lock, false, false, List.of("f" + ctx), -1);
    }

    /** Holding what the other waits for, both waiting: a cycle, named from the events. */
    @Test
    void abbaEvents_closeCycle() {
        WaitForGraph g = graph();
        g.observe(new WaitEvent.Granted(0, 0, false));
        g.observe(new WaitEvent.Granted(1, 1, false));
        g.observe(spins(0, 1));
        assertThat(g.afterMove()).isNull();
        g.observe(spins(1, 0));
        Deadlock d = g.afterMove();
        assertThat(d.kind()).isEqualTo(Deadlock.Kind.CYCLE);
        assertThat(d.explanation()).isEqualTo("deadlock (wait-for cycle): CPU0 task t0 (f0) spins on B held by CPU1 task t1; "
                + "CPU1 task t1 (f1) spins on A held by CPU0 task t0");
    }

    /** A release that hands the lock over removes the edge: no cycle. */
    @Test
    void handOver_breaksTheWait() {
        WaitForGraph g = graph();
        g.observe(new WaitEvent.Granted(1, 1, false));
        g.observe(spins(0, 1));
        g.observe(new WaitEvent.Released(1, 1, false));
        g.observe(new WaitEvent.Granted(0, 1, false));
        g.observe(new WaitEvent.Granted(0, 0, false));
        g.observe(spins(1, 0));
        assertThat(g.afterMove()).isNull();
        assertThat(g.findCycle()).isNull();
    }

    /** A softirq entered over the holder and spinning on its lock: a self deadlock on one CPU's stack. */
    @Test
    void irqOverHolder_spinningOnItsLock_isSelf() {
        WaitForGraph g = graph();
        g.observe(new WaitEvent.Granted(0, 0, false));
        int softirq = Context.irqId(0, 0);
        g.observe(new WaitEvent.IrqEnters(0, softirq, Context.Kind.SOFTIRQ, "TIMER_SOFTIRQ"));
        g.observe(spins(softirq, 0));
        Deadlock d = g.afterMove();
        assertThat(d.kind()).isEqualTo(Deadlock.Kind.SELF);
        assertThat(d.explanation()).startsWith("self deadlock: CPU0 softirq TIMER_SOFTIRQ (f" + softirq
                + ") spins on A held by CPU0 task t0");
    }

    /** The graph of a copy moves on alone: the checker's branches stay apart. */
    @Test
    void copy_isIndependent() {
        WaitForGraph g = graph();
        g.observe(new WaitEvent.Granted(0, 0, false));
        g.observe(new WaitEvent.Granted(1, 1, false));
        g.observe(spins(0, 1));
        WaitForGraph other = g.copy();
        other.observe(spins(1, 0));
        assertThat(other.afterMove()).isNotNull();
        assertThat(g.findCycle()).isNull();
    }
}

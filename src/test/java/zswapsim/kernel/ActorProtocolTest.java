package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import zswapsim.scenario.LockType;

/**
 * Each actor's protocol, driven with messages alone: what it answers, to whom, and when. A
 * behaviour replaced by a relay (one that forwards or drops what it gets) fails these.
 */
class ActorProtocolTest {
    private static final Program.LockInfo SPINLOCK = new Program.LockInfo("A", LockType.SPINLOCK, "A");
    private static final Program.LockInfo RWLOCK = new Program.LockInfo("R", LockType.RWLOCK, "R");
    private static final Address LOCK = Address.lock(0);

    /** Sends {@code msg} to the lock, traced (so a refusal names the holders), and returns what the lock sent back. */
    private static List<Delivery> tell(Program.LockInfo info, LockState l, Message msg) {
        Post post = new Post(true);
        LockActor.receive(post, LOCK, info, l, msg);
        return sent(post);
    }

    /** What was sent through {@code post} and not yet delivered, in order. */
    private static List<Delivery> sent(Post post) {
        List<Delivery> out = new ArrayList<>();
        post.drainTo(out);
        return out;
    }

    private static LockActor.LockAcquire ask(int ctx, int cpu, boolean read, boolean inInterrupt) {
        return new LockActor.LockAcquire(ctx, cpu, "ctx" + ctx, read, inInterrupt, false);
    }

    /** A spinlock grants a free lock at once, queues the next askers and hands the lock over in the order they asked. */
    @Test
    void lock_contendedThenReleased_grantsWaitersInArrivalOrder() {
        LockState l = new LockState();
        assertThat(tell(SPINLOCK, l, ask(1, 0, false, false)))
                .containsExactly(new Delivery(LOCK, Address.cpu(0), new CpuActor.LockGranted(1, 0, false, false)));
        assertThat(tell(SPINLOCK, l, ask(2, 1, false, false)).get(0).msg()).isInstanceOf(CpuActor.LockContended.class);
        assertThat(tell(SPINLOCK, l, ask(3, 2, false, false)).get(0).msg()).isInstanceOf(CpuActor.LockContended.class);

        assertThat(tell(SPINLOCK, l, new LockActor.LockRelease(1, 0, false)))
                .containsExactly(new Delivery(LOCK, Address.cpu(1), new CpuActor.LockGranted(2, 0, false, false)));
        assertThat(tell(SPINLOCK, l, new LockActor.LockRelease(2, 1, false)))
                .containsExactly(new Delivery(LOCK, Address.cpu(2), new CpuActor.LockGranted(3, 0, false, false)));
        assertThat(l.owner).isEqualTo(3);
    }

    /** The holder's own CPU's interrupt asking again is queued, and a later asker never barges past it. */
    @Test
    void lock_askedFromHolderCpusInterrupt_isNeverGrantedWhileHeld() {
        LockState l = new LockState();
        tell(SPINLOCK, l, ask(1, 0, false, false));
        int softirq = Context.irqId(0, 0);
        List<Delivery> answer = tell(SPINLOCK, l, ask(softirq, 0, false, true));
        assertThat(answer).hasSize(1);
        assertThat(answer.get(0).to()).isEqualTo(Address.cpu(0));
        assertThat(answer.get(0).msg()).isEqualTo(new CpuActor.LockContended(softirq, 0, false, "ctx1"));
        assertThat(tell(SPINLOCK, l, new LockActor.LockAcquire(7, 1, "ctx7", false, false, true)))
                .extracting(Delivery::msg).containsExactly(new CpuActor.TrylockFailed(7, 0));
        assertThat(l.owner).isEqualTo(1);
        assertThat(l.waiters).extracting(LockState.Waiter::ctx).containsExactly(softirq);
    }

    /** qrwlock: a queued writer holds back task-context readers, but not readers in interrupt context. */
    @Test
    void rwlock_writerQueued_blocksTaskReadersNotInterruptReaders() {
        LockState l = new LockState();
        tell(RWLOCK, l, ask(1, 0, true, false));
        assertThat(tell(RWLOCK, l, ask(2, 1, false, false)).get(0).msg()).isInstanceOf(CpuActor.LockContended.class);
        assertThat(tell(RWLOCK, l, ask(3, 2, true, false)).get(0).msg()).isInstanceOf(CpuActor.LockContended.class);
        assertThat(tell(RWLOCK, l, ask(4, 0, true, true)).get(0).msg()).isEqualTo(new CpuActor.LockGranted(4, 0, true, false));
        tell(RWLOCK, l, new LockActor.LockRelease(1, 0, true));
        assertThat(tell(RWLOCK, l, new LockActor.LockRelease(4, 0, true)))
                .containsExactly(new Delivery(LOCK, Address.cpu(1), new CpuActor.LockGranted(2, 0, false, false)));
    }

    /** RCU ends a grace period only once every CPU that was not idle reported; then RCU_SOFTIRQ is raised where callbacks wait. */
    @Test
    void rcu_gracePeriod_endsOnlyAfterEveryBusyCpuReported() {
        Harness h = new Harness("""
                scenario: two busy CPUs
                cpus: 2
                handlers:
                  cb: [ { note: callback } ]
                tasks:
                  - { cpu: 0, run: [ { call_rcu: cb }, { note: busy }, { note: busy } ] }
                  - { cpu: 1, run: [ { note: busy }, { note: busy } ] }
                """);
        Program p = ProgramCompiler.compile(h.kernel.scenario());
        RcuState r = new RcuState(2);
        Post post = new Post(false);
        Rcu.receive(post, p, r, new Rcu.CallRcu(0, 0, 0, "cb"));
        Rcu.receive(post, p, r, Rcu.GpStart.INSTANCE);
        assertThat(sent(post)).extracting(Delivery::to).containsExactly(Address.cpu(0), Address.cpu(1));

        Rcu.receive(post, p, r, new Rcu.QuiescentState(1));
        assertThat(r.completed).isZero();
        assertThat(sent(post)).isEmpty();

        Rcu.receive(post, p, r, new Rcu.QuiescentState(0));
        assertThat(r.completed).isEqualTo(1);
        assertThat(sent(post)).containsExactly(
                new Delivery(Address.RCU, Address.cpu(0), new CpuActor.RaiseSoftirq(Program.RCU_SOFTIRQ)));
    }

    /** A CPU with BH disabled keeps RCU_SOFTIRQ pending when RCU raises it, and runs it at spin_unlock_bh(). */
    @Test
    void cpu_bhDisabled_keepsRcuSoftirqPendingUntilSpinUnlockBh() {
        Harness h = new Harness("""
                scenario: bh section
                cpus: 1
                locks: { A: spinlock }
                tasks:
                  - { cpu: 0, run: [ { spin_lock_bh: A }, { note: inside }, { spin_unlock_bh: A }, { note: after } ] }
                """);
        h.step(0, 1);
        Post post = new Post(false);
        h.kernel.deliver(h.state, new Delivery(Address.RCU, Address.cpu(0), new CpuActor.RaiseSoftirq(Program.RCU_SOFTIRQ)),
                post, h.events::add);
        assertThat(h.cpu(0).pending).isEqualTo(1L << Program.RCU_SOFTIRQ);
        assertThat(h.moves()).doesNotContain(Move.parse("x0"));
        h.step(0, 1);
        assertThat(h.cpu(0).pending).isNotZero();
        h.step(0, 1);
        assertThat(h.events.get(h.events.size() - 1).kind()).isEqualTo("softirq-enter");
        assertThat(h.cpu(0).pending).isZero();
        assertThat(h.top(0).kind).isEqualTo(Context.Kind.SOFTIRQ);
    }
}

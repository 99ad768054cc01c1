package zswapsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import zswapsim.trace.TraceEvent;

/** percpu_ref as lib/percpu-refcount.c: kill, the RCU switch, release contexts, resurrect. */
class PercpuRefModelTest {
    private static String scenario(String ops) {
        return """
                scenario: percpu_ref
                cpus: 1
                refs:
                  obj: { type: percpu_ref, release: obj_release, flags: [allow_reinit] }
                handlers:
                  obj_release: [ { note: released } ]
                tasks:
                  - cpu: 0
                    run:
                """ + ops;
    }

    private static TraceEvent released(Harness h) {
        return h.events.stream().filter(e -> e.text().equals("note: released")).findFirst().orElse(null);
    }

    /** Killing the last ref releases it from the RCU callback, in softirq context, not in the killer. */
    @Test
    void kill_lastRef_releasesFromRcuSoftirq() {
        Harness h = new Harness(scenario("      - percpu_ref_kill: obj\n      - note: after kill\n")).play("s0");
        assertThat(released(h)).isNull();
        RefState r = h.state.refs.get(0);
        assertThat(r.dead).isTrue();
        assertThat(r.switching).isTrue();
        h.play("s0 g x0 s0 s0 s0");
        assertThat(released(h).context()).isEqualTo("softirq RCU_SOFTIRQ");
        assertThat(released(h).chain()).contains("percpu_ref_switch_to_atomic_rcu", "rcu_do_batch");
    }

    /** A put after the switch confirmed drops the last ref in the putter's own (task) context. */
    @Test
    void put_afterSwitchConfirmed_releasesInTaskContext() {
        Harness h = new Harness(scenario("      - percpu_ref_get: obj\n      - percpu_ref_kill: obj\n"
                + "      - synchronize_rcu\n      - percpu_ref_put: obj\n")).play("s0 s0 s0 g x0 s0 s0 s0");
        assertThat(released(h)).isNull();
        h.play("s0 s0 s0");
        assertThat(released(h).context()).isEqualTo("task task0");
    }

    /** tryget succeeds on a killed ref until it hits zero; tryget_live fails as soon as it is dead. */
    @Test
    void tryget_afterKill_succeedsWhileTrygetLiveFails() {
        Harness h = new Harness(scenario("      - percpu_ref_kill: obj\n      - percpu_ref_tryget: obj\n"
                + "      - percpu_ref_tryget_live: obj\n")).play("s0 s0");
        assertThat(h.state.refs.get(0).count).isEqualTo(2);
        h.play("s0");
        assertThat(h.state.refs.get(0).count).isEqualTo(2);
        assertThat(h.events).anyMatch(e -> e.changes().stream().anyMatch(c -> c.contains("tryget_live fails (dead)")));
    }

    /** percpu_ref_resurrect() waits for an in-flight switch to atomic, then returns to percpu mode. */
    @Test
    void resurrect_duringSwitch_waitsForTheRcuCallback() {
        Harness h = new Harness(scenario("      - percpu_ref_get: obj\n      - percpu_ref_kill: obj\n"
                + "      - percpu_ref_resurrect: obj\n      - note: resurrected\n")).play("s0 s0 s0");
        assertThat(h.top(0).wait).isEqualTo(Wait.PERCPU_REF_SWITCH);
        h.play("g x0 s0 s0 s0 s0");
        assertThat(h.top(0).wait).isEqualTo(Wait.NONE);
        RefState r = h.state.refs.get(0);
        assertThat(r.percpuMode()).isTrue();
        assertThat(r.biased).isTrue();
    }

    /**
     * percpu_ref_resurrect() takes its ref before it waits for the switch: the kill's last ref,
     * dropped by the confirming RCU callback, is then not the last, and nothing is released.
     */
    @Test
    void resurrect_duringSwitch_takesItsRefBeforeWaiting_noRelease() {
        Harness h = new Harness(scenario("      - percpu_ref_kill: obj\n"
                + "      - percpu_ref_resurrect: obj\n      - note: resurrected\n")).play("s0 s0");
        assertThat(h.top(0).wait).isEqualTo(Wait.PERCPU_REF_SWITCH);
        RefState r = h.state.refs.get(0);
        assertThat(r.dead).isFalse();
        assertThat(r.count).isEqualTo(2);     // the switch's ref and the resurrect's (the kill dropped the initial one)
        h.play("g x0 s0 s0 s0 s0");
        assertThat(released(h)).isNull();
        assertThat(h.state.refs.get(0).percpuMode()).isTrue();
    }

    /** In percpu mode the bias keeps puts from reaching zero: no release without a kill. */
    @Test
    void put_inPercpuMode_neverReleases() {
        Harness h = new Harness(scenario("      - percpu_ref_put: obj\n")).play("s0");
        assertThat(released(h)).isNull();
    }

    /**
     * A kill while the previous kill's switch is in flight: percpu_ref_kill_and_confirm() warns,
     * marks the ref dead, then __percpu_ref_switch_mode() sleeps until the RCU callback confirmed
     * the switch; woken, it finishes the kill (the ref is atomic already) and drops a ref.
     */
    @Test
    void kill_whileASwitchIsInFlight_waitsForTheConfirmation() {
        Harness h = new Harness(scenario("      - percpu_ref_get: obj\n      - percpu_ref_kill: obj\n"
                + "      - percpu_ref_kill: obj\n      - note: after\n")).play("s0 s0 s0");
        Context task = h.state.tasks.get(0).ctx;
        assertThat(task.wait).isEqualTo(Wait.PERCPU_REF_SWITCH);
        assertThat(h.events).anyMatch(e -> e.kind().equals("warn") && e.text().contains("called more than once on obj"));
        assertThat(h.state.refs.get(0).count).isEqualTo(2);
        assertThat(h.can("s0")).isFalse();
        h.play("g x0 s0 s0 s0");
        assertThat(task.woken).isTrue();
        assertThat(h.state.refs.get(0).switching).isFalse();
        h.play("s0");
        assertThat(task.wait).isEqualTo(Wait.NONE);
        assertThat(h.state.refs.get(0).count).isZero();
        h.play("s0");
        assertThat(released(h).context()).isEqualTo("task task0");
        assertThat(h.events.stream().filter(e -> e.kind().equals("warn")).count()).isEqualTo(1);
    }

    /**
     * percpu_ref_put_many() calls the release inside rcu_read_lock(): a sleeping release is in
     * atomic context, with {@code rcu_read_lock} held, and the reader ends when the release
     * returns (the task leaves with nothing held). A kref's release runs bare.
     */
    @Test
    void releaseFromAPut_runsInsideRcuReadLock_krefsDoNot() {
        String yaml = """
                scenario: a release that sleeps
                cpus: 1
                refs:
                  obj: { type: %s, release: obj_release }
                handlers:
                  obj_release: [ might_sleep ]
                tasks:
                  - cpu: 0
                    run: [ %s ]
                """;
        Harness h = new Harness(yaml.formatted("percpu_ref", "percpu_ref_get: obj, percpu_ref_kill: obj, synchronize_rcu, percpu_ref_put: obj"))
                .play("s0 s0 s0 g x0 s0 s0 s0 s0 s0 s0 s0");
        h.stepWhilePossible(0);
        var reports = h.state.lockdep().reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).text()).containsSubsequence(
                "BUG: sleeping function called from invalid context at test.yaml:6",
                "RCU nest depth: 1, expected: 0",
                "1 lock held by task0/100:",
                " #0: rcu_read_lock (rcu_read_lock){....}-{1:2}, at: percpu_ref_put_many in task0 (test.yaml:9:72)",
                "  might_sleep",
                "  obj_release");
        assertThat(h.state.tasks.get(0).done).as("the task ran to its end, holding nothing: no report at its exit").isTrue();

        Harness kref = new Harness(yaml.formatted("kref", "kref_put: obj"));
        kref.stepWhilePossible(0);
        assertThat(kref.state.lockdep().reports()).isEmpty();
        assertThat(kref.events).anyMatch(e -> e.text().equals("might_sleep") && e.context().equals("task task0"));
    }

    /**
     * A kref is a refcount_t: a get on 0 saturates it (WARN "addition on 0; use-after-free"), a
     * put of a saturated count WARNs and releases nothing, and kref_get_unless_zero() of it
     * succeeds: the release runs once.
     */
    @Test
    void kref_getOnZero_saturates_neverReleasesAgain() {
        Harness h = new Harness("""
                scenario: a get after the last put
                cpus: 1
                refs:
                  obj: { type: kref, release: obj_release }
                handlers:
                  obj_release: [ { note: released } ]
                tasks:
                  - cpu: 0
                    run: [ kref_put: obj, kref_get: obj, kref_put: obj, kref_get_unless_zero: obj ]
                """);
        h.stepWhilePossible(0);
        assertThat(h.events.stream().filter(e -> e.text().equals("note: released")).count()).isEqualTo(1);
        assertThat(h.events.stream().filter(e -> e.kind().equals("warn")).map(TraceEvent::text))
                .anyMatch(t -> t.contains("refcount_t: addition on 0; use-after-free"))
                .anyMatch(t -> t.contains("refcount_t: underflow; use-after-free"))
                .anyMatch(t -> t.contains("refcount_t: saturated; leaking memory"));
        assertThat(h.state.refs.get(0).count).isEqualTo(RefState.SATURATED);
    }

    /** rcu_do_batch() holds rcu_callback_map around a callback: a might_sleep() there lists {@code rcu_callback} as held. */
    @Test
    void rcuCallback_isOnTheHeldLockList_whileItRuns() {
        Harness h = new Harness("""
                scenario: a sleeping RCU callback
                cpus: 1
                handlers:
                  cb: [ might_sleep ]
                tasks:
                  - cpu: 0
                    run: [ call_rcu: cb ]
                """).play("s0 g x0 s0 s0");
        var reports = h.state.lockdep().reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).text()).containsSubsequence(
                "BUG: sleeping function called from invalid context at test.yaml:4",
                "1 lock held by swapper/0/0:",
                " #0: rcu_callback (rcu_callback){....}-{0:0}, at: rcu_lock_acquire(&rcu_callback_map) in rcu_do_batch",
                "Call Trace:",
                "  might_sleep",
                "  cb",
                "  rcu_do_batch",
                "  softirq RCU_SOFTIRQ");
    }

    /**
     * percpu_ref_switch_lock is a lock: a second kill's put releases inside it, and another CPU's
     * percpu_ref_is_zero() of the atomic ref spins until the release has returned.
     */
    @Test
    void releaseUnderSecondKill_holdsTheSwitchLock_isZeroOnAnotherCpuSpinsUntilItReturns() {
        Harness h = new Harness("""
                scenario: a release inside percpu_ref_switch_lock
                cpus: 2
                refs:
                  obj: { type: percpu_ref, release: obj_release }
                handlers:
                  obj_release: [ { note: unlink }, { note: released } ]
                tasks:
                  - name: teardown
                    cpu: 0
                    run: [ percpu_ref_get: obj, percpu_ref_kill: obj, percpu_ref_kill: obj, percpu_ref_put: obj ]
                  - name: check
                    cpu: 1
                    run:
                      - if: { percpu_ref_is_zero: obj }
                        then: [ { note: drained } ]
                        else: [ { note: in use } ]
                """).play("s0 s0 s0 g q1 x0 s0 s0 s0 s0 s0");
        assertThat(h.events).anyMatch(e -> e.text().equals("note: unlink"));
        assertThat(h.holds("percpu_ref_switch_lock")).isTrue();
        h.play("s1");
        assertThat(h.top(1).wait).isEqualTo(Wait.SPIN);
        assertThat(h.cpu(1).irqsOff).isTrue();
        h.play("s0 s0 s0");     // "released", percpu_ref_put_many()'s rcu_read_unlock(), the unlock (a hand-over)
        assertThat(h.holds("percpu_ref_switch_lock")).isTrue();
        assertThat(h.top(1).wait).isEqualTo(Wait.SPIN);
        h.play("s1 s1");
        assertThat(h.events).anyMatch(e -> e.text().equals("note: drained"));
        assertThat(h.holds("percpu_ref_switch_lock")).isFalse();
        assertThat(h.cpu(1).irqsOff).isFalse();
    }

    /**
     * percpu_ref_exit() of a ref already exited returns at once (ref->data is NULL) and takes no
     * percpu_ref_switch_lock: under a raw spinlock with prove_raw_lock_nesting that is no invalid
     * wait context (round 43's 654); the first exit under it is one.
     */
    @Test
    void exitTwice_theSecondTakesNoSwitchLock() {
        String yaml = """
                scenario: exit twice
                cpus: 1
                lockdep: { prove_raw_lock_nesting: true }
                locks: { R: raw_spinlock }
                refs:
                  obj: { type: percpu_ref, release: rel }
                handlers:
                  rel: [ { note: freed } ]
                tasks:
                  - cpu: 0
                    run: [ %s { raw_spin_lock: R }, { percpu_ref_exit: obj }, { raw_spin_unlock: R } ]
                """;
        Harness twice = new Harness(yaml.formatted("{ percpu_ref_exit: obj },"));
        Harness once = new Harness(yaml.formatted(""));
        for (Harness h : new Harness[] {twice, once}) {
            h.runFirst(40);
        }
        assertThat(twice.state.lockdep().reportKinds()).isEmpty();
        assertThat(once.state.lockdep().reportKinds()).containsExactly("invalid-wait-context");
    }
}

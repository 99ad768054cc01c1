package zswapsim.scenario;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static zswapsim.scenario.InputErrors.assertError;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad scenarios: each class of error names file, line and column and says what is wrong. */
class ScenarioLoaderErrorTest {

    /** A flow list that never closes is a YAML syntax error at SnakeYAML's problem mark. */
    @Test
    void parse_unclosedFlowList_reportsYamlProblemMark() {
        assertError("""
                scenario: broken
                cpus: 1
                tasks:
                  - cpu: 0
                    run: [spin_lock: A
                """, "scenarios/x.yaml:6:1: ", "YAML syntax error");
    }

    /** A tab used for indentation is a YAML syntax error on the tab's line. */
    @Test
    void parse_tabIndentation_reportsYamlProblemMark() {
        assertError("scenario: tabs\ncpus: 1\ntasks:\n\t- cpu: 0\n",
                "scenarios/x.yaml:4:1: ", "cannot start any token");
    }

    /**
     * A list or a mapping as a key (YAML's {@code ?} complex key) is rejected at the key. Before:
     * "YAML error: Non scalar key is detected but it is not configured to be allowed.", no position.
     */
    @Test
    void parse_complexKey_rejectedAtTheKey() {
        assertError("scenario: x\ncpus: 1\n? [a, b]\n: 1\n", "scenarios/x.yaml:3:3: ", "expected a key, found a list");
        assertError("scenario: x\ncpus: 1\ntasks:\n  - cpu: 0\n    run:\n      - {[spin_lock]: A}\n",
                "scenarios/x.yaml:6:10: ", "expected an op name, found a list");
        assertError("scenario: x\ncpus: 1\ntasks:\n  - cpu: 0\n    run:\n      - if: {{not: x}: 1}\n        then: [note: y]\n",
                "scenarios/x.yaml:6:14: ", "expected a condition, found a mapping");
    }

    /** A misspelt top-level key is rejected at the key, with the key it was probably meant to be. */
    @Test
    void parse_unknownTopLevelKey_namesClosestKey() {
        assertError("""
                scenario: typo
                cpus: 1
                task:
                  - cpu: 0
                    run: []
                """, "scenarios/x.yaml:3:1: ", "unknown key 'task' (did you mean 'tasks'?)");
    }

    /** A misspelt op is rejected at the op, with the op it was probably meant to be. */
    @Test
    void parse_unknownOp_suggestsClosestOp() {
        assertError("""
                scenario: typo
                cpus: 1
                locks: { A: spinlock }
                tasks:
                  - cpu: 0
                    run:
                      - spin_lok: A
                """, "scenarios/x.yaml:7:9: ", "unknown op 'spin_lok' (did you mean 'spin_lock'?)");
    }

    /** An op naming an undeclared lock points at the name and lists the declared locks. */
    @Test
    void parse_unknownLock_listsDeclaredLocks() {
        assertError("""
                scenario: undeclared
                cpus: 1
                locks: { A: spinlock, B: spinlock }
                tasks:
                  - cpu: 0
                    run:
                      - spin_lock: X
                """, "scenarios/x.yaml:7:20: ", "unknown lock 'X' (declared: A, B)");
    }

    /** A spinlock op on a mutex says what the op needs and what the lock is. */
    @Test
    void parse_wrongLockType_namesBothTypes() {
        assertError("""
                scenario: wrong type
                cpus: 1
                locks: { M: mutex }
                tasks:
                  - cpu: 0
                    run:
                      - spin_lock: M
                """, "scenarios/x.yaml:7:20: ", "spin_lock needs a spinlock, 'M' is a mutex");
    }

    /** A task on a CPU the scenario does not have is rejected with the valid range. */
    @Test
    void parse_taskCpuOutOfRange_givesValidRange() {
        assertError("""
                scenario: too few CPUs
                cpus: 2
                tasks:
                  - cpu: 3
                    run: []
                """, "scenarios/x.yaml:4:10: ", "tasks[0].cpu: CPU 3 out of range (cpus: 2, so 0..1)");
    }

    /** A missing required top-level key is reported at the start of the document. */
    @Test
    void parse_missingCpus_reportsAtDocumentStart() {
        assertError("""
                scenario: no cpus
                tasks:
                  - cpu: 0
                    run: []
                """, "scenarios/x.yaml:1:1: ", "missing required key 'cpus'");
    }

    /** An op naming an undeclared handler points at the name and lists the declared handlers. */
    @Test
    void parse_unknownHandler_listsDeclaredHandlers() {
        assertError("""
                scenario: no such handler
                cpus: 1
                handlers:
                  h1: []
                tasks:
                  - cpu: 0
                    run:
                      - call_rcu: free_pool
                """, "scenarios/x.yaml:8:19: ", "unknown handler 'free_pool' (declared: h1)");
    }

    /** A lockdep kind outside the contract is rejected at the list element. */
    @Test
    void parse_badExpectKind_isRejectedWithPath() {
        assertError("""
                scenario: bad expect
                cpus: 1
                tasks: [{cpu: 0, run: []}]
                expect:
                  lockdep: [circular-locking, inconsistent-state]
                """, "scenarios/x.yaml:5:31: ",
                "expect.lockdep[1]: unknown lockdep report kind 'inconsistent-state'");
    }

    /** zswap ops only make sense with the zswap model instantiated. */
    @Test
    void parse_zswapOpWithoutZswapBlock_asksForTheBlock() {
        assertError("""
                scenario: no model
                cpus: 1
                tasks:
                  - cpu: 0
                    run:
                      - zswap_store: 1
                """, "scenarios/x.yaml:6:9: ", "zswap_store needs a zswap: block");
    }

    /** The zswap model's locks cannot be declared again in locks:. */
    @Test
    void parse_redeclaredZswapLock_isRejectedAtTheKey() {
        assertError("""
                scenario: redeclared
                cpus: 1
                zswap: { variant: percpu_ref_bh }
                locks:
                  zswap_pools_lock: spinlock
                tasks: [{cpu: 0, run: []}]
                """, "scenarios/x.yaml:5:3: ", "declared by the zswap model");
    }

    /** A task's run: must be a list of ops, not a single op written as a mapping. */
    @Test
    void parse_runNotAList_saysWhatWasFound() {
        assertError("""
                scenario: not a list
                cpus: 1
                tasks:
                  - cpu: 0
                    run:
                      spin_lock: A
                """, "scenarios/x.yaml:6:7: ", "tasks[0].run: expected a list of ops, found a mapping");
    }

    /** An interrupt may only arrive on CPUs the scenario has. */
    @Test
    void parse_interruptCpuOutOfRange_givesValidRange() {
        assertError("""
                scenario: irq on a missing CPU
                cpus: 2
                handlers:
                  h: []
                tasks: [{cpu: 0, run: []}]
                interrupts:
                  - hardirq: h
                    cpus: [1, 2]
                """, "scenarios/x.yaml:8:15: ", "interrupts[0].cpus[1]: CPU 2 out of range (cpus: 2, so 0..1)");
    }

    /** A key given twice is an error at the second one, naming the first. */
    @Test
    void parse_duplicateKey_namesFirstLine() {
        assertError("""
                scenario: twice
                cpus: 1
                cpus: 2
                tasks: [{cpu: 0, run: []}]
                """, "scenarios/x.yaml:3:1: ", "duplicate key 'cpus' (first at line 2)");
    }

    /** Handlers that call: each other could never return. */
    @Test
    void parse_callCycle_showsTheChain() {
        assertError("""
                scenario: recursion
                cpus: 1
                handlers:
                  a: [call: b]
                  b: [call: a]
                tasks: [{cpu: 0, run: [call: a]}]
                """, "scenarios/x.yaml:5:7: ", "a -> b -> a");
    }

    /** A file that does not exist is a bad-input error naming the file, not an IOException. */
    @Test
    void load_missingFile_saysCannotRead(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> ScenarioLoader.load(missing))
                .isInstanceOf(ScenarioException.class)
                .hasMessage(missing + ": cannot read: no such file");
    }

    private static final String IF_HEADER = """
            scenario: if
            cpus: 1
            locks: { A: spinlock, M: mutex }
            refs: { obj: { type: kref, release: rel } }
            handlers:
              rel: []
            tasks:
              - cpu: 0
                run:
            """;

    /** An if: without then: is rejected at the if. */
    @Test
    void parse_ifWithoutThen_isRejected() {
        assertError(IF_HEADER + "      - if: irqs_disabled\n        else: []\n",
                "scenarios/x.yaml:10:9: ", "missing required key 'then'");
    }

    /** A misspelt condition names the closest one. */
    @Test
    void parse_ifUnknownCondition_suggestsClosest() {
        assertError(IF_HEADER + "      - if: { spin_trylok: A }\n        then: []\n",
                "scenarios/x.yaml:10:15: ", "unknown condition 'spin_trylok' (did you mean 'spin_trylock'?)");
    }

    /** A condition's argument must name a declared thing of the right type. */
    @Test
    void parse_ifTrylockOnMutex_namesTheType() {
        assertError(IF_HEADER + "      - if: { not: { spin_trylock: M } }\n        then: []\n",
                "scenarios/x.yaml:10:36: ", "spin_trylock needs a spinlock, 'M' is a mutex");
    }

    /** A condition written as a list, or a predicate given an argument, is the wrong shape. */
    @Test
    void parse_ifConditionWrongShape_isRejected() {
        assertError(IF_HEADER + "      - if: [irqs_disabled]\n        then: []\n",
                "scenarios/x.yaml:10:13: ", "expected a condition");
        assertError(IF_HEADER + "      - if: { irqs_disabled: A }\n        then: []\n",
                "scenarios/x.yaml:10:30: ", "irqs_disabled takes no argument");
        assertError(IF_HEADER + "      - if: kref_put\n        then: []\n",
                "scenarios/x.yaml:10:13: ", "kref_put needs a kref name");
    }

    /** then: must be a list of ops; an unknown key beside if: is named. */
    @Test
    void parse_ifThenNotAList_orUnknownKey_isRejected() {
        assertError(IF_HEADER + "      - if: irqs_disabled\n        then: spin_lock\n",
                "scenarios/x.yaml:11:15: ", "expected a list of ops");
        assertError(IF_HEADER + "      - if: irqs_disabled\n        then: []\n        els: []\n",
                "scenarios/x.yaml:12:9: ", "unknown key 'els' (did you mean 'else'?)");
    }

    /** A timer op naming an undeclared timer, a timer without function:, a function that is no handler, a pinned: that is no boolean. */
    @Test
    void parse_timers_badInput_isRejectedWithPosition() {
        assertError("""
                scenario: t
                cpus: 1
                handlers: { fn: [] }
                timers: { wd: { function: fn } }
                tasks:
                  - cpu: 0
                    run:
                      - mod_timer: wdt
                """, "scenarios/x.yaml:8:20: ", "unknown timer 'wdt' (declared: wd)");
        assertError("""
                scenario: t
                cpus: 1
                handlers: { fn: [] }
                timers: { wd: { fn: fn } }
                tasks: [ { cpu: 0, run: [] } ]
                """, "scenarios/x.yaml:4:17: ", "unknown key 'fn'");
        assertError("""
                scenario: t
                cpus: 1
                timers: { wd: { function: nope } }
                tasks: [ { cpu: 0, run: [] } ]
                """, "scenarios/x.yaml:3:27: ", "unknown handler 'nope'");
        assertError("""
                scenario: t
                cpus: 1
                timers: { wd: fn }
                tasks: [ { cpu: 0, run: [] } ]
                """, "scenarios/x.yaml:3:15: ", "expected a mapping {function, lockdep_name, pinned}");
        assertError("""
                scenario: t
                cpus: 1
                handlers: { fn: [] }
                timers:
                  wd: { function: fn, pinned: yes please }
                tasks: [ { cpu: 0, run: [] } ]
                """, "scenarios/x.yaml:5:31: ", "timers.wd.pinned: unknown boolean 'yes please'");
        assertError("""
                scenario: t
                cpus: 1
                handlers: { fn: [] }
                timers: { wd: { function: fn } }
                tasks: [ { cpu: 0, run: [ { del_timer_sync: [wd] } ] } ]
                """, "scenarios/x.yaml:5:45: ", "del_timer_sync needs a timer name, found a list");
    }

    /** An hrtimer op naming an undeclared hrtimer, a bad mode, a function that is no handler, the wrong shapes. */
    @Test
    void parse_hrtimers_badInput_isRejectedWithPosition() {
        String header = "scenario: t\ncpus: 1\nhandlers: { fn: [] }\n";
        assertError(header + "hrtimers: { ht: { function: fn, mode: hardest } }\ntasks: [ { cpu: 0, run: [] } ]\n",
                "scenarios/x.yaml:4:39: ", "hrtimers.ht.mode: unknown hrtimer mode 'hardest' (expected one of: hard, soft)");
        assertError(header + "hrtimers: { ht: { function: fn } }\ntasks:\n  - cpu: 0\n    run:\n      - hrtimer_start: htt\n",
                "scenarios/x.yaml:8:24: ", "unknown hrtimer 'htt' (declared: ht)");
        assertError(header + "hrtimers: { ht: { function: nope } }\ntasks: [ { cpu: 0, run: [] } ]\n",
                "scenarios/x.yaml:4:29: ", "unknown handler 'nope'");
        assertError(header + "hrtimers: { ht: fn }\ntasks: [ { cpu: 0, run: [] } ]\n",
                "scenarios/x.yaml:4:17: ", "expected a mapping {function, mode}");
        assertError(header + "hrtimers: { ht: { function: fn } }\ntasks: [ { cpu: 0, run: [ { hrtimer_cancel: [ht] } ] } ]\n",
                "scenarios/x.yaml:5:45: ", "hrtimer_cancel needs an hrtimer name, found a list");
        assertError(header + "hrtimers: { ht: { function: fn } }\n"
                        + "tasks: [ { cpu: 0, run: [ { if: { hrtimer_try_to_cancel: nope }, then: [] } ] } ]\n",
                "scenarios/x.yaml:5:58: ", "unknown hrtimer 'nope' (declared: ht)");
        assertError(header + "timers: { t: { function: fn } }\nhrtimers: { t: { function: fn } }\n"
                        + "tasks: [ { cpu: 0, run: [ { hrtimer_start: x } ] } ]\n",
                "scenarios/x.yaml:6:44: ", "unknown hrtimer 'x' (declared: t)");
    }

    /** percpu_ref_switch_lock is the percpu_ref ops' own lock: a scenario lock may not take its name. */
    @Test
    void parse_lockNamedPercpuRefSwitchLock_isRejectedWithPosition() {
        assertError("scenario: t\ncpus: 1\nlocks: { percpu_ref_switch_lock: spinlock }\ntasks: [ { cpu: 0, run: [] } ]\n",
                "scenarios/x.yaml:3:10: ", "locks.percpu_ref_switch_lock: 'percpu_ref_switch_lock' is lib/percpu-refcount.c's own lock");
    }

    /** Workqueue and work ops naming what is not declared, a bad ordered: or unbound:, a queue_work mapping of the wrong shape. */
    @Test
    void parse_workqueues_badInput_isRejectedWithPosition() {
        String header = "scenario: t\ncpus: 1\nhandlers: { fn: [] }\n";
        String wq = header + "workqueues: { wq: {} }\n";
        assertError(header + "workqueues: { wq: { ordered: maybe } }\ntasks: [ { cpu: 0, run: [] } ]\n",
                "scenarios/x.yaml:4:30: ", "workqueues.wq.ordered: unknown boolean 'maybe'");
        assertError(header + "workqueues: { wq: { unbound: maybe } }\ntasks: [ { cpu: 0, run: [] } ]\n",
                "scenarios/x.yaml:4:30: ", "workqueues.wq.unbound: unknown boolean 'maybe'");
        assertError(header + "workqueues: { wq: { ordered: true, unbound: false } }\ntasks: [ { cpu: 0, run: [] } ]\n",
                "scenarios/x.yaml:4:45: ", "workqueues.wq.unbound: an ordered workqueue is unbound");
        assertError(header + "workqueues: { events: {} }\ntasks: [ { cpu: 0, run: [] } ]\n",
                "scenarios/x.yaml:4:15: ", "'events' is system_wq");
        assertError(wq + "tasks: [ { cpu: 0, run: [ { flush_workqueue: wqq } ] } ]\n",
                "scenarios/x.yaml:5:46: ", "unknown workqueue 'wqq' (declared: wq)");
        assertError(wq + "tasks: [ { cpu: 0, run: [ { queue_work: { wq: wq, work: nope } } ] } ]\n",
                "scenarios/x.yaml:5:57: ", "unknown work 'nope' (no works declared) and no handler of that name (declared: fn)");
        assertError(wq + "tasks: [ { cpu: 0, run: [ { queue_work: { wq: wq } } ] } ]\n",
                "scenarios/x.yaml:5:41: ", "queue_work: missing required key 'work'");
        assertError(wq + "tasks: [ { cpu: 0, run: [ { queue_work: { wq: wq, work: fn, cpu: 1 } } ] } ]\n",
                "scenarios/x.yaml:5:61: ", "queue_work: unknown key 'cpu' (expected one of: wq, work)");
        assertError(wq + "tasks: [ { cpu: 0, run: [ { queue_work: { wq: nowq, work: fn } } ] } ]\n",
                "scenarios/x.yaml:5:47: ", "unknown workqueue 'nowq' (declared: wq)");
        assertError(header + "tasks: [ { cpu: 0, run: [ { queue_work: [fn] } ] } ]\n",
                "scenarios/x.yaml:4:41: ", "queue_work needs a work or handler name, or {wq: WORKQUEUE, work: WORK}, found a list");
        assertError(header + "works: { w: { function: fn, lockdep_nam: x } }\ntasks: [ { cpu: 0, run: [] } ]\n",
                "scenarios/x.yaml:4:29: ", "works.w: unknown key 'lockdep_nam' (did you mean 'lockdep_name'?)");
        assertError(header + "works: { w: { function: fnn } }\ntasks: [ { cpu: 0, run: [] } ]\n",
                "scenarios/x.yaml:4:25: ", "works.w.function: unknown handler 'fnn' (declared: fn)");
        assertError(header + "tasks: [ { cpu: 0, run: [ { cancel_work_sync: w } ] } ]\n",
                "scenarios/x.yaml:4:47: ", "unknown work 'w'");
        assertError(header + "tasks: [ { cpu: 0, run: [ { destroy_workqueue: system_wq } ] } ]\n",
                "scenarios/x.yaml:4:48: ", "destroy_workqueue of system_wq: only workqueues the scenario allocates can be destroyed");
        assertError(wq + "tasks: [ { cpu: 0, run: [ { drain_workqueue: [wq] } ] } ]\n",
                "scenarios/x.yaml:5:46: ", "drain_workqueue needs a workqueue name, found a list");
    }

    private static final String NESTING = """
            scenario: nesting
            cpus: 1
            locks: { A: spinlock, M: mutex, R: raw_spinlock }
            tasks:
              - cpu: 0
                run:
                  - %s
            """;

    /** A subclass past the format's bound is refused at the number, naming the range (8..255 are lockdep's run-time BUG). */
    @Test
    void parse_subclassOutOfRange_namesTheRange() {
        assertError(NESTING.formatted("spin_lock_nested: { lock: A, subclass: 256 }"), "scenarios/x.yaml:7:48: ",
                "spin_lock_nested.subclass: 256 out of range: expected a subclass (0..255; lockdep's own are 0..7)");
    }

    /** A _nested op written like a plain lock op is refused with the mapping it needs. */
    @Test
    void parse_nestedOpWithAPlainLockName_saysTheMappingItNeeds() {
        assertError(NESTING.formatted("spin_lock_nested: A"), "scenarios/x.yaml:7:27: ",
                "a mapping {lock: SPINLOCK, subclass: N}");
    }

    /** The subclass is required. */
    @Test
    void parse_nestedOpWithoutSubclass_isRefused() {
        assertError(NESTING.formatted("mutex_lock_nested: { lock: M }"), "scenarios/x.yaml:7:28: ", "missing required key 'subclass'");
    }

    /** The lock of a _nested op must be of the op's type. */
    @Test
    void parse_nestedOpOnTheWrongLockType_namesBothTypes() {
        assertError(NESTING.formatted("mutex_lock_nested: { lock: A, subclass: 1 }"), "scenarios/x.yaml:7:36: ",
                "mutex_lock_nested needs a mutex, 'A' is a spinlock");
    }

    /** An unknown nest lock is refused at its name, listing the declared locks. */
    @Test
    void parse_unknownNestLock_listsTheLocks() {
        assertError(NESTING.formatted("mutex_lock_nest_lock: { lock: M, nest_lock: B }"), "scenarios/x.yaml:7:53: ",
                "unknown lock 'B' (declared: A, M, R)");
    }

    /** The lock of spin_lock_nest_lock() must be a spinlock; its nest lock must be declared. */
    @Test
    void parse_spinLockNestLock_checksBothLocks() {
        assertError(NESTING.formatted("spin_lock_nest_lock: { lock: M, nest_lock: A }"), "scenarios/x.yaml:7:38: ",
                "spin_lock_nest_lock needs a spinlock, 'M' is a mutex");
        assertError(NESTING.formatted("spin_lock_nest_lock: { lock: A, nest_lock: B }"), "scenarios/x.yaml:7:52: ",
                "unknown lock 'B' (declared: A, M, R)");
        assertError(NESTING.formatted("down_write_nest_lock: A"), "scenarios/x.yaml:7:31: ",
                "a mapping {lock: RWSEM, nest_lock: LOCK}");
    }

    /** raw_spin_lock needs a raw_spinlock, and spin_lock refuses one: they are different types in the kernel. */
    @Test
    void parse_rawAndPlainSpinlockOps_doNotMix() {
        assertError(NESTING.formatted("raw_spin_lock: A"), "scenarios/x.yaml:7:24: ",
                "raw_spin_lock needs a raw_spinlock, 'A' is a spinlock");
        assertError(NESTING.formatted("spin_lock: R"), "scenarios/x.yaml:7:20: ",
                "spin_lock needs a spinlock, 'R' is a raw_spinlock");
    }

    /** lockdep: takes prove_raw_lock_nesting only, as true or false. */
    @Test
    void parse_lockdepConfig_badKeyOrValue_isRefused() {
        assertError("scenario: x\ncpus: 1\nlockdep: { prove_raw_locks: true }\ntasks: [ { cpu: 0, run: [] } ]\n",
                "scenarios/x.yaml:3:12: ", "unknown key 'prove_raw_locks'");
        assertError("scenario: x\ncpus: 1\nlockdep: { prove_raw_lock_nesting: yes }\ntasks: [ { cpu: 0, run: [] } ]\n",
                "scenarios/x.yaml:3:36: ", "unknown value 'yes' (expected one of: true, false)");
    }

}

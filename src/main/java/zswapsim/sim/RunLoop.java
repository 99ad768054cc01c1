package zswapsim.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import zswapsim.kernel.Delivery;
import zswapsim.kernel.Kernel;
import zswapsim.kernel.KernelState;
import zswapsim.kernel.Move;
import zswapsim.trace.CpuSnapshot;
import zswapsim.trace.EventSink;
import zswapsim.trace.TraceEvent;

/**
 * One run of the model, a move at a time: ask for the next move, perform it, until the run
 * completes, deadlocks or hits the step limit. Every driver (the actor runtime, explore's
 * workers, benchmarks) goes through this loop, so they all produce the same runs.
 */
public final class RunLoop {
    private final Kernel kernel;
    private final KernelState state;
    private final Scheduler scheduler;
    private final int maxSteps;
    private final long seed;
    private final List<TraceEvent> events;
    private final EventSink sink;
    /** The moves taken, in order; the schedule's text is made only for the result. */
    private final List<Move> schedule = new ArrayList<>();
    /**
     * Every event's snapshot lists each task of its CPU, and a step changes one or two of them: equal
     * task snapshots (and equal lists of them, per CPU) are kept once, not once per event, so that a
     * traced run's memory grows with what changes, not with steps x tasks (1,000 tasks on a CPU once
     * took 10,000 x 1,000 snapshots, more than 700 MiB).
     */
    private final Map<CpuSnapshot.TaskSnapshot, CpuSnapshot.TaskSnapshot> taskSnapshots = new HashMap<>();
    private final Map<Integer, List<CpuSnapshot.TaskSnapshot>> lastTasks = new HashMap<>();
    private Outcome outcome;
    private String lastRcu;
    private List<String> lastRefs;
    /** Index of the first event of the move in flight. */
    private int stepStart;

    public RunLoop(Kernel kernel, Scheduler scheduler, long seed, int maxSteps, boolean traced) {
        this.kernel = kernel;
        this.state = kernel.initialState();
        this.scheduler = scheduler;
        this.seed = seed;
        this.maxSteps = maxSteps;
        this.events = traced ? new ArrayList<>() : List.of();
        this.sink = traced ? this::record : null;
    }

    private void record(TraceEvent e) {
        CpuSnapshot s = e.snapshot();
        if (s != null && !s.tasks().isEmpty()) {
            List<CpuSnapshot.TaskSnapshot> last = lastTasks.get(e.cpu());
            List<CpuSnapshot.TaskSnapshot> tasks;
            if (s.tasks().equals(last)) {
                tasks = last;
            } else {
                tasks = new ArrayList<>(s.tasks().size());
                for (CpuSnapshot.TaskSnapshot t : s.tasks()) {
                    tasks.add(taskSnapshots.computeIfAbsent(t, k -> k));
                }
                tasks = java.util.Collections.unmodifiableList(tasks);
                lastTasks.put(e.cpu(), tasks);
            }
            e = e.withSnapshot(new CpuSnapshot(s.stack(), s.preempt(), s.bh(), s.irqsOff(), s.pending(), tasks));
        }
        events.add(e);
    }

    /** Keeps lockdep's verdicts but skips building splat text, for runs nobody reads (explore). */
    public RunLoop silentLockdep() {
        state.lockdep().silence();
        return this;
    }

    /** Runs without lockdep, for measuring its cost (bench). */
    public RunLoop withoutLockdep() {
        state.lockdep().turnOff();
        return this;
    }

    /** The next move, or null when the run is over (its outcome is then decided). */
    public Move nextMove() {
        if (outcome != null) {
            return null;
        }
        if (state.deadlock() != null) {
            outcome = Outcome.DEADLOCK;
            return null;
        }
        List<Move> enabled = kernel.enabledMoves(state);
        if (enabled.isEmpty()) {
            if (kernel.stuck(state)) {
                kernel.reportStall(state, sink);
                outcome = Outcome.DEADLOCK;
            } else {
                outcome = Outcome.COMPLETED;
            }
            return null;
        }
        if (state.step() >= maxSteps) {
            outcome = Outcome.STEP_LIMIT;
            return null;
        }
        return scheduler.choose(enabled, state.step());
    }

    /** Performs {@code move} in this thread: the kernel composes the deliveries in-process. */
    public void perform(Move move) {
        beginMove(move);
        kernel.deliverMove(state, move, sink);
        endMove(move);
    }

    /** The move is chosen: it goes on the schedule and begins. Its deliveries follow (in-process, or on actors). */
    public void beginMove(Move move) {
        schedule.add(move);
        stepStart = events.size();
        kernel.begin(state, move);
    }

    /** One delivery of the move in flight; the messages its receiver sent are added to {@code sent}, in order. */
    public void deliver(Delivery d, Collection<Delivery> sent) {
        kernel.deliverOne(state, d, sink, sent);
    }

    /** The move's deliveries are done: the monitors look, and the RCU and refcount state goes on its last step event. */
    public void endMove(Move move) {
        kernel.end(state, move, sink);
        if (sink != null && events.size() > stepStart) {
            attachMachineState();
        }
    }

    /** Puts the RCU and refcount state on the step's last event that is not a message, when the step changed it. */
    private void attachMachineState() {
        String rcu = kernel.describeRcu(state);
        List<String> refs = kernel.describeRefs(state);
        boolean rcuChanged = !rcu.equals(lastRcu);
        boolean refsChanged = !refs.equals(lastRefs);
        int last = events.size() - 1;
        while (last > stepStart && events.get(last).isMessage()) {
            last--;
        }
        if (rcuChanged || refsChanged) {
            events.set(last, events.get(last).withMachineState(rcuChanged ? rcu : null, refsChanged ? refs : null));
            lastRcu = rcu;
            lastRefs = refs;
        }
    }

    public KernelState state() {
        return state;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Runs to the end in this thread. */
    public RunResult runToEnd() {
        Move m;
        while ((m = nextMove()) != null) {
            perform(m);
        }
        return result();
    }

    public RunResult result() {
        if (outcome == null) {
            throw new IllegalStateException("run not finished");
        }
        return new RunResult(kernel.scenario().file(), kernel.scenario().name(), seed, outcome, state.step(),
                state.deadlock(), state.lockdep().reports(), state.lockdep().classes(), state.lockdep().dependencies(),
                Move.tokens(schedule),
                kernel.describeCpus(state), kernel.describeRefs(state), List.copyOf(events));
    }
}

package zswapsim.kernel;

/**
 * {@code tasklets}: the scenario's tasklets as an actor (kernel/softirq.c). It owns each tasklet's
 * state bits; each CPU owns its own tasklet list. tasklet_schedule() queues a tasklet on the
 * calling CPU unless it is already scheduled (TASKLET_STATE_SCHED) and raises TASKLET_SOFTIRQ;
 * tasklet_action() detaches the CPU's list and, for each tasklet, asks this actor for
 * tasklet_trylock(): a tasklet running on another CPU (TASKLET_STATE_RUN) goes back on the list
 * and the softirq is raised again, so a tasklet runs on one CPU at a time. SCHED is cleared just
 * before the function runs, so the function may schedule it again.
 */
final class Tasklets {
    private Tasklets() {
    }

    /** tasklet_schedule() on CPU {@code cpu}. */
    record Schedule(int tasklet, int cpu) implements Message {
    }

    /** tasklet_action() on {@code cpu}, context {@code ctx}: tasklet_trylock(), then clear SCHED and run it. */
    record Trylock(int tasklet, int ctx, int cpu) implements Message {
    }

    /** tasklet_unlock(): the function returned. */
    record Unlock(int tasklet) implements Message {
    }

    static void receive(Post post, Program p, TaskletState t, Message msg) {
        Address self = Address.TASKLETS;
        if (msg instanceof Schedule s) {
            if (t.scheduledOn[s.tasklet()] >= 0) {
                post.note(self, name(p, s.tasklet()) + " already scheduled on CPU" + t.scheduledOn[s.tasklet()]);
                return;
            }
            t.scheduledOn[s.tasklet()] = s.cpu();
            post.note(self, name(p, s.tasklet()) + " scheduled on CPU" + s.cpu());
            post.send(self, Address.cpu(s.cpu()), new CpuActor.TaskletQueued(s.tasklet()));
        } else if (msg instanceof Trylock l) {
            int running = t.runningOn[l.tasklet()];
            if (running >= 0) {
                post.note(self, name(p, l.tasklet()) + " runs on CPU" + running);
                post.send(self, Address.cpu(l.cpu()), new CpuActor.TaskletBusy(l.ctx(), l.tasklet()));
                return;
            }
            t.runningOn[l.tasklet()] = l.cpu();
            t.scheduledOn[l.tasklet()] = -1;
            post.send(self, Address.cpu(l.cpu()), new CpuActor.RunTasklet(l.ctx(), l.tasklet()));
        } else if (msg instanceof Unlock u) {
            t.runningOn[u.tasklet()] = -1;
        } else {
            throw new IllegalArgumentException("tasklets cannot handle " + msg.name());
        }
    }

    private static String name(Program p, int tasklet) {
        return p.tasklets.get(tasklet).name();
    }

    // The CPU's side: its tasklet list (tasklet_vec) and tasklet_action().

    /** __tasklet_schedule_common(): append to this CPU's list and raise TASKLET_SOFTIRQ. */
    static void queued(Machine m, int tasklet) {
        m.cpuState().tasklets |= 1L << tasklet;
        Softirqs.raise(m, Program.TASKLET_SOFTIRQ);
    }

    /** tasklet_action_common(): take the whole list with irqs off; what gets scheduled now waits for the next round. */
    static void detach(Machine m) {
        CpuState c = m.cpuState();
        c.taskletBatch = c.tasklets;
        c.tasklets = 0;
    }

    /** The next detached tasklet: ask for its RUN bit; none left: return from tasklet_action(). */
    static void runNext(Machine m, Context ctx, Frame next) {
        CpuState c = m.cpuState();
        if (c.taskletBatch == 0) {
            ctx.pop();
            return;
        }
        int tasklet = Long.numberOfTrailingZeros(c.taskletBatch);
        c.taskletBatch &= ~(1L << tasklet);
        ctx.setTop(next.withR0(tasklet));
        m.send(Address.TASKLETS, new Trylock(tasklet, ctx.id, m.cpu));
    }

    /** tasklet_trylock() succeeded: call the function (t->callback). */
    static void run(Machine m, Context ctx, int tasklet) {
        Program.TaskletInfo info = m.program.tasklets.get(tasklet);
        ctx.push(Frame.call(info.block(), 0));
        m.change("tasklet " + info.name() + " runs");
    }

    /** It runs on another CPU: back on this CPU's list, TASKLET_SOFTIRQ raised again, on to the next. */
    static void busy(Machine m, Context ctx, int tasklet) {
        queued(m, tasklet);
        Frame f = ctx.top();
        ctx.setTop(f.at(f.pc() - 1).withR0(-1));
        m.change("tasklet " + m.program.tasklets.get(tasklet).name() + " requeued (running elsewhere)");
    }

    /** The function returned: tasklet_unlock(), and back to TASKLET_NEXT (two instructions up) for the next one. */
    static void fnDone(Machine m, Context ctx, Frame next) {
        m.send(Address.TASKLETS, new Unlock(next.r0()));
        ctx.setTop(next.at(next.pc() - 2).withR0(-1));
    }
}

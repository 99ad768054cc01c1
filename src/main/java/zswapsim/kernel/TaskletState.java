package zswapsim.kernel;

import java.util.Arrays;

/** The tasklets' state bits, owned by the {@link Tasklets} actor: TASKLET_STATE_SCHED and TASKLET_STATE_RUN. */
final class TaskletState {
    /** Per tasklet, the CPU whose tasklet list it is on (TASKLET_STATE_SCHED), or -1. */
    final int[] scheduledOn;
    /** Per tasklet, the CPU running its function (TASKLET_STATE_RUN), or -1. */
    final int[] runningOn;

    TaskletState(int tasklets) {
        scheduledOn = new int[tasklets];
        runningOn = new int[tasklets];
        Arrays.fill(scheduledOn, -1);
        Arrays.fill(runningOn, -1);
    }

    private TaskletState(TaskletState o) {
        scheduledOn = o.scheduledOn.clone();
        runningOn = o.runningOn.clone();
    }

    TaskletState copy() {
        return new TaskletState(this);
    }

    void hash(Fingerprint f, Relabel r) {
        for (int i = 0; i < scheduledOn.length; i++) {
            f.add(r.cpu(scheduledOn[i])).add(r.cpu(runningOn[i]));
        }
    }
}

package zswapsim.kernel;

/**
 * task_work (kernel/task_work.c): task_work_add() pushes a callback on a task's list, and the task
 * runs the list in task_work_run() on its way back to user space (resume_user_mode_work()), which
 * for a user task is when its code (a system call) has ended, before lockdep_sys_exit(). The list is a stack
 * ({@code work->next = head}): the newest runs first. A kthread never returns to user space, but
 * task_work_add() does not refuse it, and do_exit() runs its works in exit_task_work() (kernel/exit.c),
 * before debug_check_no_locks_held(); swapper (an interrupt on an idle CPU) takes none.
 */
final class TaskWork {
    private TaskWork() {
    }

    /** task_work_add(current, work, TWA_RESUME) from the running context of this CPU. */
    static void add(Machine m, int block) {
        TaskState t = m.currentTask();
        String fn = m.program.block(block).function();
        if (t == null || t.done || !t.onCpu() && m.depth() > 0) {
            m.change("task_work_add(" + fn + "): current is swapper/" + m.cpu + ", which takes no task work");
            return;
        }
        int[] works = java.util.Arrays.copyOf(t.taskWorks, t.taskWorks.length + 1);
        works[works.length - 1] = block;
        t.taskWorks = works;
        m.change("task_work_add(" + fn + ") on " + t.comm);
    }

    /**
     * The task's code has ended: is there task work to run before it exits? Then call task_work_run():
     * a user task's from exit_to_user_mode_prepare(), a kthread's from do_exit()'s exit_task_work().
     */
    static boolean startRun(Machine m, Context ctx, TaskState t) {
        if (t.taskWorks.length == 0) {
            return false;
        }
        ctx.push(Frame.call(m.program.taskWorkRunBlock, 0));
        m.change(t.kthread ? t.comm + " exits: do_exit() -> exit_task_work() -> task_work_run()"
                : t.comm + " returns to user space: task_work_run()");
        return true;
    }

    /** task_work_run(): the newest work; none left: return. */
    static void runNext(Machine m, Context ctx, Frame next) {
        TaskState t = m.currentTask();
        if (t.taskWorks.length == 0) {
            ctx.pop();
            return;
        }
        int block = t.taskWorks[t.taskWorks.length - 1];
        t.taskWorks = java.util.Arrays.copyOf(t.taskWorks, t.taskWorks.length - 1);
        ctx.setTop(next.at(0));
        ctx.push(Frame.call(block, 0));
        m.change("task work " + m.program.block(block).function() + " runs");
    }
}

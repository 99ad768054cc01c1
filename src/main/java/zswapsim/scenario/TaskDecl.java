package zswapsim.scenario;

import java.util.List;

/**
 * A task: a comm name, the CPU it is bound to, the code it runs in task context, and whether it
 * is a kthread ({@code kthread: true}: its code ends in do_exit()) or, by default, a user task
 * whose code is a system call that returns to user space.
 */
public record TaskDecl(String name, int cpu, List<Op> run, boolean kthread, SourcePos pos) {
}

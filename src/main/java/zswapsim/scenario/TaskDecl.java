package zswapsim.scenario;

import java.util.List;

/** A task: a comm name, the CPU it is bound to, and the code it runs in task context. */
public record TaskDecl(String name, int cpu, List<Op> run, SourcePos pos) {
}

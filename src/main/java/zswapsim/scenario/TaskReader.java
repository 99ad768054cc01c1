package zswapsim.scenario;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads where code runs: {@code tasks:} (a name, a CPU, kthread or user task, ops) and {@code interrupts:} (a
 * handler arriving as a softirq or hardirq on some CPUs, some number of times). CPUs are
 * checked against the scenario's {@code cpus:}.
 */
final class TaskReader {

    private final YamlNodes nodes;
    private final int cpus;

    TaskReader(YamlNodes nodes, int cpus) {
        this.nodes = nodes;
        this.cpus = cpus;
    }

    /** The tasks, at least one; a task without {@code name:} is called {@code task<N>}, N its index. */
    List<TaskDecl> tasks(Node section, OpParser ops) {
        List<Node> items = nodes.list(section, "tasks", "a list of tasks");
        if (items.isEmpty()) {
            throw nodes.error(section, "tasks", "expected at least one task, found an empty list");
        }
        List<TaskDecl> tasks = new ArrayList<>();
        Map<String, SourcePos> names = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = YamlNodes.element("tasks", i);
            Fields fields = nodes.fields(items.get(i), path, "a task {name, cpu, kthread, run}")
                    .allowOnly("name", "cpu", "kthread", "run");
            Node nameNode = fields.optional("name");
            String name = nameNode == null ? "task" + i : nodes.nonBlankText(nameNode, fields.path("name"), "a task name");
            SourcePos pos = nameNode == null ? fields.pos() : nodes.pos(nameNode);
            SourcePos first = names.putIfAbsent(name, pos);
            if (first != null) {
                throw YamlNodes.error(pos, fields.path("name"), "task name " + YamlNodes.quote(name)
                        + " is already used (line " + first.line() + "); names tell tasks apart in traces");
            }
            int cpu = cpu(fields.required("cpu"), fields.path("cpu"));
            List<Op> run = ops.parseList(fields.required("run"), fields.path("run"));
            Node kthreadNode = fields.optional("kthread");
            boolean kthread = kthreadNode != null && nodes.bool(kthreadNode, fields.path("kthread"));
            tasks.add(new TaskDecl(name, cpu, run, kthread, fields.pos()));
        }
        return List.copyOf(tasks);
    }

    /**
     * The interrupts, possibly none.
     *
     * @param section the {@code interrupts:} value, or null when absent or empty
     */
    List<InterruptDecl> interrupts(Node section, Declarations names) {
        if (section == null) {
            return List.of();
        }
        List<Node> items = nodes.list(section, "interrupts", "a list of interrupts");
        List<InterruptDecl> interrupts = new ArrayList<>();
        int sources = 0;
        for (int i = 0; i < items.size(); i++) {
            InterruptDecl irq = interrupt(items.get(i), YamlNodes.element("interrupts", i), names);
            sources += irq.cpus().size();
            if (sources > Limits.MAX_INTERRUPT_SOURCES) {
                throw YamlNodes.error(irq.pos(), YamlNodes.element("interrupts", i), "interrupts may arrive in more than "
                        + Limits.MAX_INTERRUPT_SOURCES + " places (the sum over interrupts of their CPUs; the limit for"
                        + " interrupt sources): give cpus: lists");
            }
            interrupts.add(irq);
        }
        return List.copyOf(interrupts);
    }

    private InterruptDecl interrupt(Node item, String path, Declarations names) {
        Fields fields = nodes.fields(item, path, "an interrupt {softirq or hardirq, cpus, times}")
                .allowOnly("softirq", "hardirq", "thread", "vector", "cpus", "times");
        boolean soft = fields.has("softirq");
        if (soft == fields.has("hardirq")) {
            if (soft) {
                throw YamlNodes.error(fields.keyPos("hardirq"), path, "give either softirq: or hardirq:, not both");
            }
            throw nodes.error(item, path, "missing 'softirq: HANDLER' or 'hardirq: HANDLER'");
        }
        String kindKey = soft ? "softirq" : "hardirq";
        Node handlerNode = fields.required(kindKey);
        String handler = nodes.nonBlankText(handlerNode, fields.path(kindKey), "a handler name");
        names.requireHandler(handler, nodes.pos(handlerNode), fields.path(kindKey));
        String thread = threadFn(fields, soft, names);
        String vector = null;
        Node vectorNode = fields.optional("vector");
        if (vectorNode != null) {
            if (!soft) {
                throw YamlNodes.error(fields.keyPos("vector"), fields.path("vector"),
                        "vector: names a softirq's vector; a hardirq has none");
            }
            vector = nodes.oneOf(vectorNode, fields.path("vector"), "softirq vector", SoftirqVectors.NAMES);
        }

        List<Integer> where = new ArrayList<>();
        Node cpusNode = fields.optional("cpus");
        if (cpusNode == null) {
            for (int cpu = 0; cpu < cpus; cpu++) {
                where.add(cpu);
            }
        } else {
            List<Node> items = nodes.list(cpusNode, fields.path("cpus"), "a list of CPUs");
            if (items.isEmpty()) {
                throw nodes.error(cpusNode, fields.path("cpus"), "expected at least one CPU, found an empty list"
                        + " (leave out cpus: for every CPU)");
            }
            for (int i = 0; i < items.size(); i++) {
                String cpuPath = YamlNodes.element(fields.path("cpus"), i);
                int cpu = cpu(items.get(i), cpuPath);
                if (where.contains(cpu)) {
                    throw nodes.error(items.get(i), cpuPath, "CPU " + cpu + " is listed twice");
                }
                where.add(cpu);
            }
        }

        Node timesNode = fields.optional("times");
        int times = timesNode == null ? 1 : nodes.count(timesNode, fields.path("times"), "a number of arrivals (at least 1)");
        InterruptDecl.Kind kind = soft ? InterruptDecl.Kind.SOFTIRQ : InterruptDecl.Kind.HARDIRQ;
        return new InterruptDecl(kind, handler, List.copyOf(where), times, fields.pos(), thread, vector);
    }

    /** request_threaded_irq()'s thread_fn: {@code thread: HANDLER}, only beside {@code hardirq:}. */
    private String threadFn(Fields fields, boolean soft, Declarations names) {
        Node threadNode = fields.optional("thread");
        if (threadNode == null) {
            return null;
        }
        if (soft) {
            throw YamlNodes.error(fields.keyPos("thread"), fields.path("thread"),
                    "thread: is a threaded irq's thread function; it goes with hardirq:, not softirq:");
        }
        String thread = nodes.nonBlankText(threadNode, fields.path("thread"), "a handler name");
        names.requireHandler(thread, nodes.pos(threadNode), fields.path("thread"));
        return thread;
    }

    /** A CPU number in {@code 0..cpus-1}. */
    private int cpu(Node node, String path) {
        BigInteger n = nodes.integer(node, path, "a CPU number");
        if (!YamlNodes.inRange(n, 0, cpus - 1L)) {
            String valid = cpus == 1 ? "so only 0" : "so 0.." + (cpus - 1);
            throw nodes.error(node, path, "CPU " + n + " out of range (cpus: " + cpus + ", " + valid + ")");
        }
        return n.intValueExact();
    }
}

package zswapsim.scenario;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Reads the top level of a composed scenario document into a {@link Scenario}, section by
 * section: the header ({@code scenario}, {@code about}, the exercise's {@code question}, {@code hints}
 * and {@code answer}, {@code cpus}), the models
 * ({@code zswap}, {@code rcu}), the declarations, then the code that uses them. An optional
 * section written with an empty value ({@code locks:} with everything commented out) counts
 * as absent, except {@code zswap:}, whose presence instantiates the model.
 */
final class ScenarioReader {

    private static final String[] TOP_LEVEL_KEYS = {
        "scenario", "about", "question", "hints", "answer", "cpus", "zswap", "rcu", "locks", "refs", "handlers", "timers", "hrtimers", "workqueues", "works", "tasks", "interrupts", "expect", "lockdep",
    };
    private static final List<String> VARIANTS =
            Arrays.stream(ZswapConfig.Variant.values()).map(ZswapConfig.Variant::yamlName).toList();
    private static final List<String> RCU_CALLBACKS = List.of("softirq", "offloaded");

    private final YamlNodes nodes;

    ScenarioReader(YamlNodes nodes) {
        this.nodes = nodes;
    }

    Scenario read(Node root) {
        Fields top = nodes.fields(root, "", "a mapping with the keys scenario, cpus and tasks");
        top.allowOnly(TOP_LEVEL_KEYS);
        String name = name(top.required("scenario"));
        Node aboutNode = top.optionalNonNull("about");
        String about = aboutNode == null ? null : nodes.text(aboutNode, "about", "Markdown text");
        Lesson lesson = lesson(top);
        int cpus = cpus(top.required("cpus"));
        Node tasksNode = top.required("tasks");
        ZswapConfig zswap = top.has("zswap") ? zswap(top.optional("zswap"), top.keyPos("zswap")) : null;
        RcuConfig rcu = rcu(top.optionalNonNull("rcu"));
        LockdepConfig lockdep = lockdep(top.optionalNonNull("lockdep"));

        DeclarationReader declarations = new DeclarationReader(nodes);
        Map<String, LockDecl> locks = declarations.locks(top.optionalNonNull("locks"), zswap);
        Map<String, NodeTuple> handlerNodes = declarations.handlers(top.optionalNonNull("handlers"));
        Declarations names = new Declarations(locks, Map.of(), new LinkedHashSet<>(handlerNodes.keySet()), zswap != null);
        Map<String, RefDecl> refs = declarations.refs(top.optionalNonNull("refs"), names);
        names = names.withRefs(refs);
        Map<String, TimerDecl> timers = declarations.timers(top.optionalNonNull("timers"), names);
        Map<String, HrtimerDecl> hrtimers = declarations.hrtimers(top.optionalNonNull("hrtimers"), names, timers.size());
        names = names.withTimers(timers.keySet(), hrtimers.keySet());
        Map<String, WorkqueueDecl> workqueues = declarations.workqueues(top.optionalNonNull("workqueues"));
        Map<String, WorkDecl> works = declarations.works(top.optionalNonNull("works"), names, timers.size() + hrtimers.size());
        names = names.withWork(workqueues.keySet(), works);

        OpParser ops = new OpParser(nodes, names);
        Map<String, List<Op>> handlers = new LinkedHashMap<>();
        handlerNodes.forEach((handler, tuple) ->
                handlers.put(handler, ops.parseList(tuple.getValueNode(), YamlNodes.child("handlers", handler))));
        CallCycles.check(handlers);

        TaskReader taskReader = new TaskReader(nodes, cpus);
        List<TaskDecl> tasks = taskReader.tasks(tasksNode, ops);
        List<InterruptDecl> interrupts = taskReader.interrupts(top.optionalNonNull("interrupts"), names);
        Node expectNode = top.optionalNonNull("expect");
        Expect expect = new ExpectReader(nodes).expect(expectNode, expectNode == null ? top.pos() : top.keyPos("expect"));

        Scenario scenario = new Scenario(nodes.file(), name, about, cpus, zswap, rcu, locks, refs,
                Collections.unmodifiableMap(handlers), timers, tasks, interrupts, expect, lesson,
                hrtimers, workqueues, works, lockdep);
        SoftirqVectors.assign(scenario);     // at most ten vectors, each with one handler
        return scenario;
    }

    /** {@code question:}, {@code hints:} (a list) and {@code answer:}: Markdown texts, each optional. */
    private Lesson lesson(Fields top) {
        Node questionNode = top.optionalNonNull("question");
        Node hintsNode = top.optionalNonNull("hints");
        Node answerNode = top.optionalNonNull("answer");
        String question = questionNode == null ? null : nodes.nonBlankText(questionNode, "question", "Markdown text");
        String answer = answerNode == null ? null : nodes.nonBlankText(answerNode, "answer", "Markdown text");
        List<String> hints = new java.util.ArrayList<>();
        if (hintsNode != null) {
            List<Node> items = nodes.list(hintsNode, "hints", "a list of hints (Markdown texts)");
            for (int i = 0; i < items.size(); i++) {
                hints.add(nodes.nonBlankText(items.get(i), YamlNodes.element("hints", i), "a hint (Markdown text)"));
            }
        }
        return new Lesson(question, List.copyOf(hints), answer);
    }

    private String name(Node node) {
        String name = nodes.nonBlankText(node, "scenario", "a one-line name");
        if (name.strip().contains("\n")) {
            throw nodes.error(node, "scenario", "expected a one-line name, found " + name.strip().lines().count()
                    + " lines (put the longer story in about:)");
        }
        return name.strip();
    }

    private int cpus(Node node) {
        BigInteger n = nodes.integer(node, "cpus", "a number of CPUs (1.." + Limits.MAX_CPUS + ")");
        if (!YamlNodes.inRange(n, 1, Limits.MAX_CPUS)) {
            throw nodes.error(node, "cpus", n + " out of range (1.." + Limits.MAX_CPUS + ")");
        }
        return n.intValueExact();
    }

    private ZswapConfig zswap(Node node, SourcePos keyPos) {
        Fields fields = nodes.fields(node, "zswap", "a mapping {variant, compressor}").allowOnly("variant", "compressor");
        String variant = nodes.oneOf(fields.required("variant"), fields.path("variant"), "zswap variant", VARIANTS);
        Node compressorNode = fields.optional("compressor");
        String compressor = compressorNode == null ? ZswapConfig.DEFAULT_COMPRESSOR
                : nodes.nonBlankText(compressorNode, fields.path("compressor"), "a compressor name");
        return new ZswapConfig(ZswapConfig.Variant.values()[VARIANTS.indexOf(variant)], compressor, keyPos);
    }

    private RcuConfig rcu(Node node) {
        if (node == null) {
            return RcuConfig.SOFTIRQ;
        }
        Fields fields = nodes.fields(node, "rcu", "a mapping {callbacks}").allowOnly("callbacks");
        Node callbacks = fields.optional("callbacks");
        if (callbacks == null) {
            return RcuConfig.SOFTIRQ;
        }
        String word = nodes.oneOf(callbacks, fields.path("callbacks"), "RCU callback mode", RCU_CALLBACKS);
        return RcuConfig.valueOf(word.toUpperCase(java.util.Locale.ROOT));
    }

    private LockdepConfig lockdep(Node node) {
        if (node == null) {
            return LockdepConfig.DEFAULT;
        }
        Fields fields = nodes.fields(node, "lockdep", "a mapping {prove_raw_lock_nesting}").allowOnly("prove_raw_lock_nesting");
        Node prove = fields.optional("prove_raw_lock_nesting");
        if (prove == null) {
            return LockdepConfig.DEFAULT;
        }
        String word = nodes.oneOf(prove, fields.path("prove_raw_lock_nesting"), "value", List.of("true", "false"));
        return new LockdepConfig(Boolean.parseBoolean(word));
    }
}

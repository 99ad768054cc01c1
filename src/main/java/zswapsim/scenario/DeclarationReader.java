package zswapsim.scenario;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Reads the declaring sections: {@code locks:} (after the zswap model's own locks),
 * {@code refs:} and the names of {@code handlers:}. Handler bodies are parsed later by
 * {@link OpParser}, once every name they may use is known.
 */
final class DeclarationReader {

    private static final String ALLOW_REINIT = "allow_reinit";
    private static final List<String> LOCK_TYPES = Arrays.stream(LockType.values()).map(LockType::yamlName).toList();
    private static final List<String> REF_TYPES =
            Arrays.stream(RefDecl.RefType.values()).map(Declarations::refTypeName).toList();

    /** Each CPU's timer base is a 64-bit mask. */
    static final int MAX_TIMERS = 64;

    private final YamlNodes nodes;

    DeclarationReader(YamlNodes nodes) {
        this.nodes = nodes;
    }

    /**
     * Every lock: the zswap model's first (when {@code zswap} is not null), then the file's.
     *
     * @param section the {@code locks:} value, or null when absent or empty
     */
    Map<String, LockDecl> locks(Node section, ZswapConfig zswap) {
        Map<String, LockDecl> locks = new LinkedHashMap<>();
        if (zswap != null) {
            ZswapConfig.modelLocks(zswap.pos()).forEach(lock -> locks.put(lock.name(), lock));
        }
        if (section != null) {
            Fields fields = nodes.fields(section, "locks", "a mapping of lock name to type");
            for (Map.Entry<String, NodeTuple> e : fields.entries().entrySet()) {
                String name = e.getKey();
                Node keyNode = e.getValue().getKeyNode();
                LockDecl model = locks.get(name);
                if (model != null) {
                    throw nodes.error(keyNode, fields.path(name), "already declared by the zswap model (zswap: at line "
                            + model.pos().line() + "); ops can name it without declaring it");
                }
                if (name.equals(RefDecl.SWITCH_LOCK)) {
                    throw nodes.error(keyNode, fields.path(name), YamlNodes.quote(name) + " is lib/percpu-refcount.c's own lock,"
                            + " which the percpu_ref ops take; a scenario cannot declare it");
                }
                locks.put(name, lock(name, e.getValue().getValueNode(), fields.path(name), nodes.pos(keyNode)));
            }
        }
        return Collections.unmodifiableMap(locks);
    }

    private LockDecl lock(String name, Node value, String path, SourcePos pos) {
        if (YamlNodes.isText(value)) {
            return new LockDecl(name, lockType(value, path), name, pos);
        }
        if (!YamlNodes.isMapping(value)) {
            throw nodes.error(value, path, "expected a lock type (" + String.join(", ", LOCK_TYPES)
                    + ") or a mapping {type, class}, found " + YamlNodes.describe(value));
        }
        Fields fields = nodes.fields(value, path, "a lock").allowOnly("type", "class");
        LockType type = lockType(fields.required("type"), fields.path("type"));
        Node classNode = fields.optional("class");
        String lockClass = classNode == null ? name : nodes.nonBlankText(classNode, fields.path("class"), "a lock class name");
        return new LockDecl(name, type, lockClass, pos);
    }

    private LockType lockType(Node value, String path) {
        String word = nodes.oneOf(value, path, "lock type", LOCK_TYPES);
        return LockType.values()[LOCK_TYPES.indexOf(word)];
    }

    /**
     * The handlers' bodies, still unparsed, by name in file order.
     *
     * @param section the {@code handlers:} value, or null when absent or empty
     */
    Map<String, NodeTuple> handlers(Node section) {
        if (section == null) {
            return Map.of();
        }
        return nodes.fields(section, "handlers", "a mapping of handler name to a list of ops").entries();
    }

    /**
     * Every ref, in file order; release handlers must be among {@code names}' handlers.
     *
     * @param section the {@code refs:} value, or null when absent or empty
     */
    Map<String, RefDecl> refs(Node section, Declarations names) {
        if (section == null) {
            return Map.of();
        }
        Map<String, RefDecl> refs = new LinkedHashMap<>();
        Fields fields = nodes.fields(section, "refs", "a mapping of ref name to {type, release}");
        for (Map.Entry<String, NodeTuple> e : fields.entries().entrySet()) {
            String name = e.getKey();
            SourcePos pos = nodes.pos(e.getValue().getKeyNode());
            refs.put(name, ref(name, e.getValue().getValueNode(), fields.path(name), pos, names));
        }
        return Collections.unmodifiableMap(refs);
    }

    private RefDecl ref(String name, Node value, String path, SourcePos pos, Declarations names) {
        Fields fields = nodes.fields(value, path, "a mapping {type, release, flags}").allowOnly("type", "release", "flags");
        RefDecl.RefType type = refType(fields.required("type"), fields.path("type"));
        Node releaseNode = fields.required("release");
        String release = nodes.nonBlankText(releaseNode, fields.path("release"), "a handler name");
        names.requireHandler(release, nodes.pos(releaseNode), fields.path("release"));
        boolean allowReinit = false;
        Node flagsNode = fields.optional("flags");
        if (flagsNode != null) {
            List<Node> flags = nodes.list(flagsNode, fields.path("flags"), "a list of flags ([" + ALLOW_REINIT + "])");
            for (int i = 0; i < flags.size(); i++) {
                String flagPath = YamlNodes.element(fields.path("flags"), i);
                String flag = nodes.text(flags.get(i), flagPath, "a flag (" + ALLOW_REINIT + ")");
                if (!ALLOW_REINIT.equals(flag)) {
                    throw nodes.error(flags.get(i), flagPath, "unknown flag " + YamlNodes.quote(flag)
                            + " (the only flag is " + ALLOW_REINIT + ")");
                }
                if (type != RefDecl.RefType.PERCPU_REF) {
                    throw nodes.error(flags.get(i), flagPath, ALLOW_REINIT + " is a percpu_ref flag (PERCPU_REF_ALLOW_REINIT), "
                            + YamlNodes.quote(name) + " is a kref");
                }
                allowReinit = true;
            }
        }
        return new RefDecl(name, type, release, allowReinit, pos);
    }

    /**
     * Every timer, in file order: {@code NAME: {function: HANDLER, lockdep_name: "(&t->timer)", pinned: true}}
     * ({@code pinned} defaults to false, as timer_setup() without TIMER_PINNED).
     *
     * @param section the {@code timers:} value, or null when absent or empty
     */
    Map<String, TimerDecl> timers(Node section, Declarations names) {
        if (section == null) {
            return Map.of();
        }
        Map<String, TimerDecl> timers = new LinkedHashMap<>();
        Fields fields = nodes.fields(section, "timers", "a mapping of timer name to {function}");
        for (Map.Entry<String, NodeTuple> e : fields.entries().entrySet()) {
            String name = e.getKey();
            String path = fields.path(name);
            if (timers.size() == MAX_TIMERS) {
                throw nodes.error(e.getValue().getKeyNode(), path, "more than " + MAX_TIMERS + " timers");
            }
            Fields timer = nodes.fields(e.getValue().getValueNode(), path, "a mapping {function, lockdep_name, pinned}")
                    .allowOnly("function", "lockdep_name", "pinned");
            String function = function(timer, names);
            Node lockdepName = timer.optional("lockdep_name");
            String map = lockdepName == null ? "(&" + name + ")"
                    : nodes.nonBlankText(lockdepName, timer.path("lockdep_name"), "a lockdep map name");
            Node pinnedNode = timer.optional("pinned");
            boolean pinned = pinnedNode != null && nodes.bool(pinnedNode, timer.path("pinned"));
            timers.put(name, new TimerDecl(name, function, map, pinned, nodes.pos(e.getValue().getKeyNode())));
        }
        return Collections.unmodifiableMap(timers);
    }

    private static final List<String> HRTIMER_MODES =
            Arrays.stream(HrtimerDecl.Mode.values()).map(HrtimerDecl.Mode::yamlName).toList();

    /**
     * Every hrtimer, in file order: {@code NAME: {function: HANDLER, mode: hard | soft}} (mode
     * defaults to hard, as HRTIMER_MODE_REL is). They share the CPUs' timer bases with the
     * {@code timers:}, so the two together are at most {@value #MAX_TIMERS}.
     *
     * @param section the {@code hrtimers:} value, or null when absent or empty
     */
    Map<String, HrtimerDecl> hrtimers(Node section, Declarations names, int timers) {
        if (section == null) {
            return Map.of();
        }
        Map<String, HrtimerDecl> hrtimers = new LinkedHashMap<>();
        Fields fields = nodes.fields(section, "hrtimers", "a mapping of hrtimer name to {function, mode}");
        for (Map.Entry<String, NodeTuple> e : fields.entries().entrySet()) {
            String name = e.getKey();
            String path = fields.path(name);
            if (timers + hrtimers.size() == MAX_TIMERS) {
                throw nodes.error(e.getValue().getKeyNode(), path, "more than " + MAX_TIMERS + " timers and hrtimers");
            }
            Fields hrtimer = nodes.fields(e.getValue().getValueNode(), path, "a mapping {function, mode}")
                    .allowOnly("function", "mode");
            String function = function(hrtimer, names);
            Node modeNode = hrtimer.optional("mode");
            HrtimerDecl.Mode mode = modeNode == null ? HrtimerDecl.Mode.HARD : HrtimerDecl.Mode.values()[
                    HRTIMER_MODES.indexOf(nodes.oneOf(modeNode, hrtimer.path("mode"), "hrtimer mode", HRTIMER_MODES))];
            hrtimers.put(name, new HrtimerDecl(name, function, mode, nodes.pos(e.getValue().getKeyNode())));
        }
        return Collections.unmodifiableMap(hrtimers);
    }


    /**
     * Every workqueue, in file order: {@code NAME: {ordered: false, unbound: false}}. An ordered
     * workqueue is unbound (alloc_ordered_workqueue() adds WQ_UNBOUND): {@code unbound: false}
     * beside {@code ordered: true} is refused.
     *
     * @param section the {@code workqueues:} value, or null when absent or empty
     */
    Map<String, WorkqueueDecl> workqueues(Node section) {
        if (section == null) {
            return Map.of();
        }
        Map<String, WorkqueueDecl> workqueues = new LinkedHashMap<>();
        Fields fields = nodes.fields(section, "workqueues", "a mapping of workqueue name to {ordered, unbound}");
        for (Map.Entry<String, NodeTuple> e : fields.entries().entrySet()) {
            String name = e.getKey();
            String path = fields.path(name);
            Node keyNode = e.getValue().getKeyNode();
            if (name.equals(WorkqueueDecl.SYSTEM_WQ) || name.equals("events")) {
                throw nodes.error(keyNode, path, YamlNodes.quote(name) + " is system_wq (\"events\"), which every scenario has");
            }
            Node value = e.getValue().getValueNode();
            boolean ordered = false;
            boolean unbound = false;
            if (!YamlNodes.isNull(value)) {
                Fields wq = nodes.fields(value, path, "a mapping {ordered, unbound}").allowOnly("ordered", "unbound");
                Node orderedNode = wq.optional("ordered");
                ordered = orderedNode != null && nodes.bool(orderedNode, wq.path("ordered"));
                Node unboundNode = wq.optional("unbound");
                unbound = ordered;
                if (unboundNode != null) {
                    unbound = nodes.bool(unboundNode, wq.path("unbound"));
                    if (ordered && !unbound) {
                        throw nodes.error(unboundNode, wq.path("unbound"), "an ordered workqueue is unbound"
                                + " (alloc_ordered_workqueue() is alloc_workqueue(WQ_UNBOUND | __WQ_ORDERED, 1)): drop unbound: false");
                    }
                }
            }
            workqueues.put(name, new WorkqueueDecl(name, ordered, unbound, nodes.pos(keyNode)));
        }
        return Collections.unmodifiableMap(workqueues);
    }

    /**
     * Every work item, in file order: {@code NAME: {function: HANDLER, lockdep_name: "&x->work", delayed: true}},
     * or {@code NAME: HANDLER}. A delayed work's timer shares the CPUs' timer bases with the
     * {@code timers:} and {@code hrtimers:} ({@code timers} of them), so all together are at most {@value #MAX_TIMERS}.
     *
     * @param section the {@code works:} value, or null when absent or empty
     */
    Map<String, WorkDecl> works(Node section, Declarations names, int timers) {
        if (section == null) {
            return Map.of();
        }
        Map<String, WorkDecl> works = new LinkedHashMap<>();
        Fields fields = nodes.fields(section, "works", "a mapping of work name to {function, lockdep_name, delayed}");
        int delayedWorks = 0;
        for (Map.Entry<String, NodeTuple> e : fields.entries().entrySet()) {
            String name = e.getKey();
            Node value = e.getValue().getValueNode();
            SourcePos pos = nodes.pos(e.getValue().getKeyNode());
            if (YamlNodes.isText(value)) {
                String function = nodes.nonBlankText(value, fields.path(name), "a handler name");
                names.requireHandler(function, nodes.pos(value), fields.path(name));
                works.put(name, new WorkDecl(name, function, "&" + name, false, pos));
                continue;
            }
            Fields work = nodes.fields(value, fields.path(name), "a handler name or a mapping {function, lockdep_name, delayed}")
                    .allowOnly("function", "lockdep_name", "delayed");
            String function = function(work, names);
            Node lockdepName = work.optional("lockdep_name");
            String expr = lockdepName == null ? "&" + name
                    : nodes.nonBlankText(lockdepName, work.path("lockdep_name"), "a work_struct expression");
            Node delayedNode = work.optional("delayed");
            boolean delayed = delayedNode != null && nodes.bool(delayedNode, work.path("delayed"));
            if (delayed && timers + delayedWorks++ == MAX_TIMERS) {
                throw nodes.error(e.getValue().getKeyNode(), fields.path(name), "more than " + MAX_TIMERS
                        + " timers, hrtimers and delayed works (each delayed_work has a timer)");
            }
            works.put(name, new WorkDecl(name, function, expr, delayed, pos));
        }
        return Collections.unmodifiableMap(works);
    }

    /** A required {@code function:} naming a declared handler. */
    private String function(Fields fields, Declarations names) {
        Node fn = fields.required("function");
        String function = nodes.nonBlankText(fn, fields.path("function"), "a handler name");
        names.requireHandler(function, nodes.pos(fn), fields.path("function"));
        return function;
    }

    private RefDecl.RefType refType(Node value, String path) {
        String word = nodes.oneOf(value, path, "ref type", REF_TYPES);
        return RefDecl.RefType.values()[REF_TYPES.indexOf(word)];
    }
}

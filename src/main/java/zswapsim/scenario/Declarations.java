package zswapsim.scenario;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The names a scenario declares (locks, refs, handlers, and whether the zswap model is there)
 * and the checks that an op's argument names one of the right kind. Messages say what the
 * name is and what the op needs, e.g. {@code spin_lock needs a spinlock, 'M' is a mutex}.
 */
final class Declarations {

    private static final int LISTED_NAMES = 20;
    private static final String ZSWAP_OP_PREFIX = "zswap_";

    private static final Map<OpKind.Arg, LockType> LOCK_ARGS = new EnumMap<>(Map.ofEntries(
            Map.entry(OpKind.Arg.SPINLOCK, LockType.SPINLOCK), Map.entry(OpKind.Arg.RWLOCK, LockType.RWLOCK),
            Map.entry(OpKind.Arg.MUTEX, LockType.MUTEX), Map.entry(OpKind.Arg.RWSEM, LockType.RWSEM),
            Map.entry(OpKind.Arg.RAW_SPINLOCK, LockType.RAW_SPINLOCK),
            Map.entry(OpKind.Arg.SPINLOCK_NESTED, LockType.SPINLOCK),
            Map.entry(OpKind.Arg.RAW_SPINLOCK_NESTED, LockType.RAW_SPINLOCK),
            Map.entry(OpKind.Arg.MUTEX_NESTED, LockType.MUTEX), Map.entry(OpKind.Arg.RWSEM_NESTED, LockType.RWSEM),
            Map.entry(OpKind.Arg.MUTEX_NEST_LOCK, LockType.MUTEX),
            Map.entry(OpKind.Arg.SPINLOCK_NEST_LOCK, LockType.SPINLOCK),
            Map.entry(OpKind.Arg.RAW_SPINLOCK_NEST_LOCK, LockType.RAW_SPINLOCK),
            Map.entry(OpKind.Arg.RWSEM_NEST_LOCK, LockType.RWSEM)));

    private static final Map<OpKind.Arg, RefDecl.RefType> REF_ARGS = new EnumMap<>(Map.of(
            OpKind.Arg.PERCPU_REF, RefDecl.RefType.PERCPU_REF, OpKind.Arg.KREF, RefDecl.RefType.KREF));

    private final Map<String, LockDecl> locks;
    private final Map<String, RefDecl> refs;
    private final Set<String> handlers;
    private final boolean zswap;
    private final Set<String> timers;
    private final Set<String> hrtimers;
    private final Set<String> workqueues;
    private final Set<String> works;
    /** The works declared {@code delayed: true}: struct delayed_work. */
    private final Set<String> delayedWorks;

    /**
     * @param locks    every lock, the zswap model's first, in declaration order
     * @param refs     every ref, in declaration order
     * @param handlers every handler name, in declaration order
     * @param zswap    whether the scenario has a {@code zswap:} block
     */
    Declarations(Map<String, LockDecl> locks, Map<String, RefDecl> refs, Set<String> handlers, boolean zswap) {
        this(locks, refs, handlers, zswap, Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
    }

    private Declarations(Map<String, LockDecl> locks, Map<String, RefDecl> refs, Set<String> handlers, boolean zswap,
                         Set<String> timers, Set<String> hrtimers, Set<String> workqueues, Set<String> works,
                         Set<String> delayedWorks) {
        this.delayedWorks = delayedWorks;
        this.timers = timers;
        this.hrtimers = hrtimers;
        this.workqueues = workqueues;
        this.works = works;
        this.locks = locks;
        this.refs = refs;
        this.handlers = handlers;
        this.zswap = zswap;
    }

    Declarations withRefs(Map<String, RefDecl> declaredRefs) {
        return new Declarations(locks, declaredRefs, handlers, zswap, timers, hrtimers, workqueues, works, delayedWorks);
    }

    Declarations withTimers(Set<String> declaredTimers, Set<String> declaredHrtimers) {
        return new Declarations(locks, refs, handlers, zswap, declaredTimers, declaredHrtimers, workqueues, works, delayedWorks);
    }

    Declarations withWork(Set<String> declaredWorkqueues, Map<String, WorkDecl> declaredWorks) {
        Set<String> delayed = new java.util.LinkedHashSet<>();
        declaredWorks.values().stream().filter(WorkDecl::delayed).forEach(w -> delayed.add(w.name()));
        return new Declarations(locks, refs, handlers, zswap, timers, hrtimers, declaredWorkqueues, declaredWorks.keySet(),
                java.util.Collections.unmodifiableSet(delayed));
    }

    /** Rejects a zswap op in a scenario without the zswap model. */
    void requireZswapModel(OpKind kind, SourcePos pos) {
        if (!zswap && kind.kernelName().startsWith(ZSWAP_OP_PREFIX)) {
            throw new ScenarioException(pos, kind.kernelName() + " needs a zswap: block");
        }
    }

    /** Checks that {@code name}, the argument of a {@code kind} op written at {@code pos}, is declared with the right type. */
    void checkArgument(OpKind kind, String name, SourcePos pos) {
        checkArgument(kind.kernelName(), kind.arg(), name, pos);
    }

    /** The same for an op or condition named {@code op} whose argument is {@code arg}. */
    void checkArgument(String op, OpKind.Arg arg, String name, SourcePos pos) {
        if (LOCK_ARGS.containsKey(arg)) {
            checkLock(op, LOCK_ARGS.get(arg), name, pos);
        } else if (REF_ARGS.containsKey(arg)) {
            checkRef(op, REF_ARGS.get(arg), name, pos);
        } else if (arg == OpKind.Arg.LOCK) {
            checkLock(op, null, name, pos);
        } else if (arg == OpKind.Arg.HANDLER) {
            requireHandler(name, pos, "");
        } else if (arg == OpKind.Arg.TIMER && !timers.contains(name)) {
            throw new ScenarioException(pos, "unknown timer " + YamlNodes.quote(name) + " " + declared(timers, "timers"));
        } else if (arg == OpKind.Arg.HRTIMER && !hrtimers.contains(name)) {
            throw new ScenarioException(pos, "unknown hrtimer " + YamlNodes.quote(name) + " " + declared(hrtimers, "hrtimers"));
        } else if (arg == OpKind.Arg.WORKQUEUE) {
            checkWorkqueue(op, name, pos);
        } else if (arg == OpKind.Arg.WORK) {
            checkWork(op, name, pos);
        } else if (arg == OpKind.Arg.DELAYED_WORK) {
            checkDelayedWork(op, name, pos);
        }
    }

    /**
     * A work_struct op names a plain work or a handler. A delayed work's name stands for its
     * {@code struct delayed_work}, and {@code flush_work(&dwork)} does not compile: the kernel's
     * work_struct API takes {@code struct work_struct *}.
     */
    private void checkWork(String op, String name, SourcePos pos) {
        if (delayedWorks.contains(name)) {
            throw new ScenarioException(pos, op + " takes a struct work_struct *, " + YamlNodes.quote(name)
                    + " is a delayed work (struct delayed_work, declared with delayed: true): use " + delayedTwin(op));
        }
        if (!works.contains(name) && !handlers.contains(name)) {
            throw new ScenarioException(pos, "unknown work " + YamlNodes.quote(name) + " " + declared(works, "works")
                    + " and no handler of that name " + declared(handlers, "handlers"));
        }
    }

    /** The delayed_work ops take {@code struct delayed_work *}: a work declared {@code delayed: true}. */
    private void checkDelayedWork(String op, String name, SourcePos pos) {
        if (delayedWorks.contains(name)) {
            return;
        }
        if (works.contains(name) || handlers.contains(name)) {
            throw new ScenarioException(pos, op + " takes a struct delayed_work *, " + YamlNodes.quote(name)
                    + " is a work_struct" + (works.contains(name) ? "" : " (a handler named as a work)")
                    + ": declare it in works: with delayed: true");
        }
        throw new ScenarioException(pos, "unknown delayed work " + YamlNodes.quote(name) + " "
                + declared(delayedWorks, "delayed works") + " (a delayed work is declared in works: with delayed: true)");
    }

    /** The delayed_work op a driver calls instead of the work_struct op {@code op}. */
    private static String delayedTwin(String op) {
        return switch (op) {
            case "queue_work" -> "queue_delayed_work: {wq: WQ, work: WORK}";
            case "schedule_work" -> "schedule_delayed_work";
            case "flush_work" -> "flush_delayed_work";
            case "cancel_work_sync" -> "cancel_delayed_work_sync";
            default -> "the _delayed_work op";
        };
    }

    /** A workqueue op names a declared workqueue; only flush_workqueue and queue_work may name system_wq. */
    private void checkWorkqueue(String op, String name, SourcePos pos) {
        if (name.equals(WorkqueueDecl.SYSTEM_WQ)) {
            if (op.equals(OpKind.DRAIN_WORKQUEUE.kernelName()) || op.equals(OpKind.DESTROY_WORKQUEUE.kernelName())) {
                throw new ScenarioException(pos, op + " of system_wq: only workqueues the scenario allocates can be "
                        + (op.equals(OpKind.DRAIN_WORKQUEUE.kernelName()) ? "drained" : "destroyed"));
            }
            return;
        }
        if (!workqueues.contains(name)) {
            throw new ScenarioException(pos, "unknown workqueue " + YamlNodes.quote(name) + " " + declared(workqueues, "workqueues")
                    + " (system_wq needs no declaration)");
        }
    }

    /** A nest lock may be any declared lock: lockdep only asks whether the task holds it. */
    void requireLock(String name, SourcePos pos) {
        if (!locks.containsKey(name)) {
            throw new ScenarioException(pos, "unknown lock " + YamlNodes.quote(name) + " " + declared(locks.keySet(), "locks"));
        }
    }

    /** Checks that a handler of this name is declared under {@code handlers:}. */
    void requireHandler(String name, SourcePos pos, String path) {
        if (!handlers.contains(name)) {
            throw YamlNodes.error(pos, path, "unknown handler " + YamlNodes.quote(name) + " " + declared(handlers, "handlers"));
        }
    }

    /** {@code needed} null: a lock of any type. */
    private void checkLock(String op, LockType needed, String name, SourcePos pos) {
        requireLock(name, pos);
        LockDecl lock = locks.get(name);
        if (needed != null && lock.type() != needed) {
            throw new ScenarioException(pos, op + " needs " + withArticle(needed.yamlName()) + ", "
                    + YamlNodes.quote(name) + " is " + withArticle(lock.type().yamlName()));
        }
    }

    private void checkRef(String op, RefDecl.RefType needed, String name, SourcePos pos) {
        RefDecl ref = refs.get(name);
        if (ref == null) {
            throw new ScenarioException(pos, "unknown ref " + YamlNodes.quote(name) + " " + declared(refs.keySet(), "refs"));
        }
        if (ref.type() != needed) {
            throw new ScenarioException(pos, op + " needs " + withArticle(refTypeName(needed)) + ", "
                    + YamlNodes.quote(name) + " is " + withArticle(refTypeName(ref.type())));
        }
    }

    /** The scenario file's spelling of a ref type: {@code percpu_ref} or {@code kref}. */
    static String refTypeName(RefDecl.RefType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code (declared: A, B)}, at most {@value #LISTED_NAMES} of them, or {@code (no locks declared)}. */
    static String declared(Collection<String> names, String plural) {
        if (names.isEmpty()) {
            return "(no " + plural + " declared)";
        }
        String listed = names.stream().limit(LISTED_NAMES).map(YamlNodes::shorten).collect(Collectors.joining(", "));
        return "(declared: " + listed + (names.size() > LISTED_NAMES ? ", ..." : "") + ")";
    }

    /** "a spinlock", "an rwlock": the article the type name needs. */
    static String withArticle(String typeName) {
        return ("aeiou".indexOf(typeName.charAt(0)) >= 0 ? "an " : "a ") + typeName;
    }
}

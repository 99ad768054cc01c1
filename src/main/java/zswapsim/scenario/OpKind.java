package zswapsim.scenario;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every op a scenario may use, by its kernel name, with the argument it takes.
 * The order here is the order of SCENARIO-FORMAT.md's table.
 */
public enum OpKind {
    // spinlocks
    SPIN_LOCK(Arg.SPINLOCK), SPIN_UNLOCK(Arg.SPINLOCK), SPIN_TRYLOCK(Arg.SPINLOCK),
    SPIN_TRYLOCK_BH(Arg.SPINLOCK), SPIN_TRYLOCK_IRQSAVE(Arg.SPINLOCK),
    SPIN_LOCK_BH(Arg.SPINLOCK), SPIN_UNLOCK_BH(Arg.SPINLOCK),
    SPIN_LOCK_IRQ(Arg.SPINLOCK), SPIN_UNLOCK_IRQ(Arg.SPINLOCK),
    SPIN_LOCK_IRQSAVE(Arg.SPINLOCK), SPIN_UNLOCK_IRQRESTORE(Arg.SPINLOCK),
    // rwlocks
    READ_LOCK(Arg.RWLOCK), READ_UNLOCK(Arg.RWLOCK), READ_TRYLOCK(Arg.RWLOCK),
    WRITE_LOCK(Arg.RWLOCK), WRITE_UNLOCK(Arg.RWLOCK), WRITE_TRYLOCK(Arg.RWLOCK),
    READ_LOCK_BH(Arg.RWLOCK), READ_UNLOCK_BH(Arg.RWLOCK), WRITE_LOCK_BH(Arg.RWLOCK), WRITE_UNLOCK_BH(Arg.RWLOCK),
    READ_LOCK_IRQ(Arg.RWLOCK), READ_UNLOCK_IRQ(Arg.RWLOCK), WRITE_LOCK_IRQ(Arg.RWLOCK), WRITE_UNLOCK_IRQ(Arg.RWLOCK),
    READ_LOCK_IRQSAVE(Arg.RWLOCK), READ_UNLOCK_IRQRESTORE(Arg.RWLOCK),
    WRITE_LOCK_IRQSAVE(Arg.RWLOCK), WRITE_UNLOCK_IRQRESTORE(Arg.RWLOCK),
    // sleeping locks
    MUTEX_LOCK(Arg.MUTEX), MUTEX_UNLOCK(Arg.MUTEX), MUTEX_TRYLOCK(Arg.MUTEX),
    DOWN_READ(Arg.RWSEM), UP_READ(Arg.RWSEM), DOWN_WRITE(Arg.RWSEM), UP_WRITE(Arg.RWSEM),
    // context
    LOCAL_BH_DISABLE(Arg.NONE), LOCAL_BH_ENABLE(Arg.NONE),
    LOCAL_IRQ_DISABLE(Arg.NONE), LOCAL_IRQ_ENABLE(Arg.NONE),
    LOCAL_IRQ_SAVE(Arg.NONE), LOCAL_IRQ_RESTORE(Arg.NONE),
    PREEMPT_DISABLE(Arg.NONE), PREEMPT_ENABLE(Arg.NONE),
    // interrupts, inline
    IN_SOFTIRQ(Arg.OPS), IN_HARDIRQ(Arg.OPS), RAISE_SOFTIRQ(Arg.HANDLER),
    // RCU
    RCU_READ_LOCK(Arg.NONE), RCU_READ_UNLOCK(Arg.NONE), RCU_READ_LOCK_BH(Arg.NONE), RCU_READ_UNLOCK_BH(Arg.NONE),
    SYNCHRONIZE_RCU(Arg.NONE), CALL_RCU(Arg.HANDLER), RCU_BARRIER(Arg.NONE),
    // refcounts
    PERCPU_REF_INIT(Arg.PERCPU_REF), PERCPU_REF_GET(Arg.PERCPU_REF), PERCPU_REF_PUT(Arg.PERCPU_REF),
    PERCPU_REF_TRYGET(Arg.PERCPU_REF), PERCPU_REF_TRYGET_LIVE(Arg.PERCPU_REF), PERCPU_REF_KILL(Arg.PERCPU_REF),
    PERCPU_REF_RESURRECT(Arg.PERCPU_REF), PERCPU_REF_REINIT(Arg.PERCPU_REF), PERCPU_REF_EXIT(Arg.PERCPU_REF),
    KREF_GET(Arg.KREF), KREF_PUT(Arg.KREF), KREF_GET_UNLESS_ZERO(Arg.KREF),
    // work
    SCHEDULE_WORK(Arg.WORK), FLUSH_WORK(Arg.WORK),
    // timers (kernel/time/timer.c)
    TIMER_SETUP(Arg.TIMER), MOD_TIMER(Arg.TIMER), ADD_TIMER(Arg.TIMER), DEL_TIMER(Arg.TIMER), TIMER_DELETE(Arg.TIMER),
    DEL_TIMER_SYNC(Arg.TIMER), TIMER_DELETE_SYNC(Arg.TIMER),
    // hrtimers (kernel/time/hrtimer.c)
    HRTIMER_START(Arg.HRTIMER), HRTIMER_CANCEL(Arg.HRTIMER), HRTIMER_TRY_TO_CANCEL(Arg.HRTIMER),
    // named workqueues (kernel/workqueue.c)
    QUEUE_WORK(Arg.QUEUE_WORK), FLUSH_WORKQUEUE(Arg.WORKQUEUE), DRAIN_WORKQUEUE(Arg.WORKQUEUE),
    DESTROY_WORKQUEUE(Arg.WORKQUEUE), CANCEL_WORK_SYNC(Arg.WORK),
    // delayed work (kernel/workqueue.c: struct delayed_work, a work_struct and a TIMER_IRQSAFE timer)
    QUEUE_DELAYED_WORK(Arg.QUEUE_DELAYED_WORK), SCHEDULE_DELAYED_WORK(Arg.DELAYED_WORK),
    MOD_DELAYED_WORK(Arg.QUEUE_DELAYED_WORK), CANCEL_DELAYED_WORK(Arg.DELAYED_WORK),
    CANCEL_DELAYED_WORK_SYNC(Arg.DELAYED_WORK), FLUSH_DELAYED_WORK(Arg.DELAYED_WORK),
    // zswap
    ZSWAP_PARAM_SET(Arg.COMPRESSOR), ZSWAP_STORE(Arg.COUNT), ZSWAP_LOAD(Arg.COUNT), ZSWAP_ENTRY_FREE(Arg.COUNT),
    // control flow
    IF(Arg.BRANCH),
    // other
    CALL(Arg.HANDLER), MSLEEP(Arg.COUNT), NOTE(Arg.TEXT),
    // deferred work, allocations, assertions: kernel/softirq.c, kernel/task_work.c, mm/, include/linux/lockdep.h
    TASKLET_SCHEDULE(Arg.HANDLER), TASK_WORK_ADD(Arg.HANDLER), KMALLOC(Arg.GFP),
    FS_RECLAIM_ACQUIRE(Arg.GFP), FS_RECLAIM_RELEASE(Arg.GFP), MIGHT_SLEEP(Arg.NONE), LOCKDEP_ASSERT_HELD(Arg.LOCK),
    // raw spinlocks (include/linux/spinlock.h: raw_spinlock_t never sleeps, not even on PREEMPT_RT)
    RAW_SPIN_LOCK(Arg.RAW_SPINLOCK), RAW_SPIN_UNLOCK(Arg.RAW_SPINLOCK), RAW_SPIN_TRYLOCK(Arg.RAW_SPINLOCK),
    RAW_SPIN_LOCK_BH(Arg.RAW_SPINLOCK), RAW_SPIN_UNLOCK_BH(Arg.RAW_SPINLOCK),
    RAW_SPIN_LOCK_IRQ(Arg.RAW_SPINLOCK), RAW_SPIN_UNLOCK_IRQ(Arg.RAW_SPINLOCK),
    RAW_SPIN_LOCK_IRQSAVE(Arg.RAW_SPINLOCK), RAW_SPIN_UNLOCK_IRQRESTORE(Arg.RAW_SPINLOCK),
    // lockdep subclasses and nest locks: the lock ops with a lockdep annotation
    SPIN_LOCK_NESTED(Arg.SPINLOCK_NESTED), SPIN_LOCK_IRQSAVE_NESTED(Arg.SPINLOCK_NESTED),
    RAW_SPIN_LOCK_NESTED(Arg.RAW_SPINLOCK_NESTED), RAW_SPIN_LOCK_IRQSAVE_NESTED(Arg.RAW_SPINLOCK_NESTED),
    MUTEX_LOCK_NESTED(Arg.MUTEX_NESTED), MUTEX_LOCK_NEST_LOCK(Arg.MUTEX_NEST_LOCK),
    DOWN_READ_NESTED(Arg.RWSEM_NESTED), DOWN_WRITE_NESTED(Arg.RWSEM_NESTED),
    SPIN_LOCK_NEST_LOCK(Arg.SPINLOCK_NEST_LOCK), RAW_SPIN_LOCK_NEST_LOCK(Arg.RAW_SPINLOCK_NEST_LOCK),
    DOWN_WRITE_NEST_LOCK(Arg.RWSEM_NEST_LOCK);

    /** The keys beside {@code lock:} of the annotated lock ops. */
    public static final String SUBCLASS = "subclass";
    public static final String NEST_LOCK = "nest_lock";

    /** What an op's argument must be. */
    public enum Arg {
        NONE("no argument"), SPINLOCK("a spinlock name"), RWLOCK("an rwlock name"), MUTEX("a mutex name"),
        RWSEM("an rwsem name"), HANDLER("a handler name"), PERCPU_REF("a percpu_ref name"), KREF("a kref name"), TIMER("a timer name"),
        HRTIMER("an hrtimer name"), WORKQUEUE("a workqueue name"), WORK("a work or handler name"),
        QUEUE_WORK("a work or handler name, or {wq: WORKQUEUE, work: WORK}"),
        DELAYED_WORK("a delayed work name (declared with delayed: true)"),
        QUEUE_DELAYED_WORK("a mapping {wq: WORKQUEUE, work: DELAYED_WORK}"),
        OPS("a list of ops"), BRANCH("a condition, with then: and optional else: lists of ops"), COUNT("a positive count"), COMPRESSOR("a compressor name"), TEXT("a text"),
        GFP("GFP_KERNEL, GFP_ATOMIC or GFP_NOWAIT"), LOCK("a lock name"),
        RAW_SPINLOCK("a raw_spinlock name"),
        SPINLOCK_NESTED("a mapping {lock: SPINLOCK, subclass: N}", SUBCLASS),
        RAW_SPINLOCK_NESTED("a mapping {lock: RAW_SPINLOCK, subclass: N}", SUBCLASS),
        MUTEX_NESTED("a mapping {lock: MUTEX, subclass: N}", SUBCLASS),
        RWSEM_NESTED("a mapping {lock: RWSEM, subclass: N}", SUBCLASS),
        MUTEX_NEST_LOCK("a mapping {lock: MUTEX, nest_lock: LOCK}", NEST_LOCK),
        SPINLOCK_NEST_LOCK("a mapping {lock: SPINLOCK, nest_lock: LOCK}", NEST_LOCK),
        RAW_SPINLOCK_NEST_LOCK("a mapping {lock: RAW_SPINLOCK, nest_lock: LOCK}", NEST_LOCK),
        RWSEM_NEST_LOCK("a mapping {lock: RWSEM, nest_lock: LOCK}", NEST_LOCK);

        private final String description;
        /** For a lock op with a lockdep annotation, the key beside {@code lock:}; null for every other argument. */
        private final String annotation;

        Arg(String description) {
            this(description, null);
        }

        Arg(String description, String annotation) {
            this.description = description;
            this.annotation = annotation;
        }

        public String description() {
            return description;
        }

        /** {@code subclass} or {@code nest_lock} for the annotated lock ops; null otherwise. */
        public String annotation() {
            return annotation;
        }
    }

    private static final Map<String, OpKind> BY_NAME = new TreeMap<>();

    static {
        Arrays.stream(values()).forEach(k -> BY_NAME.put(k.kernelName(), k));
    }

    private final Arg arg;
    /** Computed once: traces and lockdep sites ask for it at every step. */
    private final String kernelName;

    OpKind(Arg arg) {
        this.arg = arg;
        this.kernelName = name().toLowerCase(java.util.Locale.ROOT);
    }

    public Arg arg() {
        return arg;
    }

    /** The kernel's spelling, which is also the scenario file's key. */
    public String kernelName() {
        return kernelName;
    }

    /** The op with this kernel name, or null. */
    public static OpKind byName(String name) {
        return BY_NAME.get(name);
    }

    public static java.util.Set<String> names() {
        return BY_NAME.keySet();
    }
}

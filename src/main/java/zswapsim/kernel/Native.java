package zswapsim.kernel;

/**
 * Kernel steps that are not scenario ops: the bodies of mm/zswap.c, lib/percpu-refcount.c,
 * RCU's callback invocation and the kthread loops, one atomic step each. The label is what the
 * trace prints.
 */
enum Native {
    // mm/zswap.c, __zswap_param_set
    ZSWAP_POOL_CHANGED("zswap_pool_changed()"),
    ZSWAP_RETURN_IF_UNCHANGED("if (!new_pool) return"),
    ZSWAP_POOL_FIND_GET("pool = zswap_pool_find_get(); list_del_rcu(&pool->list)"),
    ZSWAP_POOL_CREATE_OR_REUSE("zswap_pool_create() or reuse the found pool"),
    ZSWAP_POOL_RESURRECT("percpu_ref_resurrect(&pool->ref); zswap_pool_put(pool)"),
    ZSWAP_POOL_PUBLISH("put_pool = zswap_pool_current(); list_add_rcu(&pool->list, &zswap_pools)"),
    ZSWAP_PUT_OLD_POOL("drop the old current pool's ref"),
    // mm/zswap.c, the pool's release path
    ZSWAP_POOL_UNLINK("WARN_ON(pool == zswap_pool_current()); list_del_rcu(&pool->list)"),
    ZSWAP_SCHEDULE_RELEASE("schedule_work(&pool->release_work)"),
    ZSWAP_POOL_DESTROY("percpu_ref_exit(&pool->ref); zswap_pool_destroy(pool)"),
    // mm/zswap.c, entries
    ZSWAP_ENTRY_ALLOC("entry = zswap_entry_cache_alloc(GFP_KERNEL)"),
    ZSWAP_POOL_CURRENT_GET("entry->pool = zswap_pool_current_get()"),
    ZSWAP_COMPRESS("zswap_compress(): mutex_lock(&acomp_ctx->mutex); compress"),
    ZSWAP_DECOMPRESS("zswap_decompress(): mutex_lock(&acomp_ctx->mutex); decompress"),
    ZSWAP_ACOMP_UNLOCK("mutex_unlock(&acomp_ctx->mutex)"),
    ZSWAP_TREE_INSERT("zswap_rb_insert(entry)"),
    ZSWAP_TREE_ERASE("entry = zswap_rb_search(); zswap_rb_erase(entry)"),
    ZSWAP_ENTRY_FREE("zswap_entry_free(entry): zswap_pool_put(entry->pool)"),
    // lib/percpu-refcount.c
    PERCPU_REF_SWITCH_TO_ATOMIC_RCU("percpu_ref_switch_to_atomic_rcu(): fold the percpu counts, confirm, put"),
    PERCPU_REF_SWITCH_UNLOCK("spin_unlock_irqrestore(&percpu_ref_switch_lock)"),
    // kernel/rcu/tree.c: rcu_do_batch() invokes the ready callbacks one by one
    RCU_DO_BATCH("rcu_do_batch()"),
    RCU_BARRIER_DONE("rcu_barrier() returns: mutex_unlock(&rcu_state.barrier_mutex)"),
    // if: conditions on the CPU's state or a ref, and the jump over an else:
    IRQS_DISABLED("irqs_disabled()"),
    IN_SOFTIRQ("in_softirq()"),
    IN_INTERRUPT("in_interrupt()"),
    PERCPU_REF_IS_ZERO("percpu_ref_is_zero()"),
    JUMP("end of then: skip the else: ops"),
    // kernel/time/timer.c: run_timer_softirq() -> __run_timers() -> call_timer_fn()
    RUN_TIMERS("__run_timers(): next expired timer"),
    TIMER_FN_DONE("call_timer_fn() returns"),
    // kernel/time/hrtimer.c: hrtimer_interrupt() / hrtimer_run_softirq() -> __hrtimer_run_queues() -> __run_hrtimer()
    RUN_HRTIMERS("__hrtimer_run_queues(): next expired hrtimer"),
    HRTIMER_FN_DONE("__run_hrtimer(): the function returned HRTIMER_NORESTART"),
    // kernel/softirq.c: tasklet_action() -> tasklet_action_common()
    TASKLET_DETACH("tasklet_action(): take this CPU's tasklet list"),
    TASKLET_NEXT("next tasklet: tasklet_trylock()"),
    TASKLET_FN_DONE("t->callback() returns; tasklet_unlock()"),
    // kernel/task_work.c, on the way back to user space
    TASK_WORK_RUN("task_work_run(): next work"),
    // kernel/irq/manage.c: irq_thread()
    IRQ_THREAD_WAIT("irq_wait_for_interrupt()"),
    IRQ_THREAD_FN("irq_thread_fn()"),
    // kernel/softirq.c: smpboot_thread_fn() of ksoftirqd/N
    RUN_KSOFTIRQD("run_ksoftirqd()"),
    // kthread loops
    KTHREAD_WAIT("wait for work"),
    WORKER_RUN("process_one_work()"),
    WORKER_DONE("work item done"),
    KTHREAD_LOOP("loop");

    private final String label;

    Native(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}

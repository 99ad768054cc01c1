package zswapsim.kernel;

/**
 * Threaded interrupts (kernel/irq/manage.c, request_threaded_irq()): the primary handler runs in
 * hardirq context and returns IRQ_WAKE_THREAD, which sets IRQTF_RUNTHREAD and wakes the
 * interrupt's {@code irq/N-NAME} kthread; irq_thread() waits for the flag, clears it and calls the
 * thread function in task context, then waits again. An arrival while the function runs sets the
 * flag again, so the function runs once more. The kthread is bound to the first CPU the interrupt
 * may arrive on (irq_thread_check_affinity() follows the irq's affinity).
 */
final class IrqThreads {
    private IrqThreads() {
    }

    /** __irq_wake_thread(), from the hardirq that returned IRQ_WAKE_THREAD. */
    static void wake(Machine m, int task) {
        m.send(Address.cpu(m.state.tasks.get(task).cpu), new CpuActor.WakeIrqThread(task));
    }

    /** On the kthread's CPU: IRQTF_RUNTHREAD set, and the sleeping kthread woken. */
    static void woken(Machine m, int task) {
        TaskState t = m.state.ownTask(task);
        t.runThread = true;
        if (t.ctx.wait == Wait.IDLE) {
            t.ctx.woken = true;
        }
        m.change("wake " + t.comm);
    }

    /** irq_wait_for_interrupt(): go on if IRQTF_RUNTHREAD was set (clearing it), else sleep until it is. */
    static void waitForInterrupt(Machine m, Context ctx) {
        TaskState t = m.currentTask();
        if (t.runThread) {
            t.runThread = false;
            return;
        }
        CpuActor.block(m, ctx, new CpuActor.Block(ctx.id, Wait.IDLE, -1, true));
    }

    /** irq_thread_fn(): call the thread function. */
    static void callThreadFn(Machine m, Context ctx, int block) {
        ctx.push(Frame.call(block, 0));
        m.change("irq_thread_fn: " + m.program.block(block).function() + " runs");
    }
}

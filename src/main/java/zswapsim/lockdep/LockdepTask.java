package zswapsim.lockdep;

/**
 * The task lockdep charges an event to: {@code current}. Interrupts run on the task they
 * interrupted (or on swapper/N when the CPU was idle), so their held locks go on its stack.
 */
public record LockdepTask(String comm, int pid) {
    @Override
    public String toString() {
        return comm + "/" + pid;
    }
}

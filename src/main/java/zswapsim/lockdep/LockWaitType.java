package zswapsim.lockdep;

/**
 * What a lock's lockdep_map says about where it may be taken (its wait_type_inner), by the kind of
 * lock, as the lock initialisers declare it: raw_spinlock_t LD_WAIT_SPIN, spinlock_t and rwlock_t
 * LD_WAIT_CONFIG, mutex and rw_semaphore LD_WAIT_SLEEP, and LD_WAIT_INV for maps that are no lock.
 * The number each prints depends on CONFIG_PROVE_RAW_LOCK_NESTING ({@link WaitTypes}).
 */
public enum LockWaitType {
    INV, SPIN, CONFIG, SLEEP
}

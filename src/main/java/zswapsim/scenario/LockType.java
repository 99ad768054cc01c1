package zswapsim.scenario;

/** The lock types a scenario may declare, by the kernel's names. */
public enum LockType {
    SPINLOCK("spinlock"), RWLOCK("rwlock"), MUTEX("mutex"), RWSEM("rwsem"), RAW_SPINLOCK("raw_spinlock");

    private final String yamlName;

    LockType(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** Sleeping locks may block the task; spinning locks make the CPU spin. */
    public boolean sleeps() {
        return this == MUTEX || this == RWSEM;
    }
}

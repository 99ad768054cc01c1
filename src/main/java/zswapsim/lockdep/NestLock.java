package zswapsim.lockdep;

/**
 * The nest lock a _nest_lock() acquire names: the instance lockdep looks for among the held locks
 * ({@code prev->instance == next->nest_lock}) and the map's name it prints when the task does not
 * hold it ({@code hlock->nest_lock->name}, the lock's class name).
 */
public record NestLock(String instance, String name) {
}

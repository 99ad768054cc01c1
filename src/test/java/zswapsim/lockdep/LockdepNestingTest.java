package zswapsim.lockdep;

import static org.assertj.core.api.Assertions.assertThat;
import static zswapsim.lockdep.Ctx.PROCESS;
import static zswapsim.lockdep.Ctx.TASK;
import static zswapsim.lockdep.Ctx.site;

import org.junit.jupiter.api.Test;

/** Subclasses (name/N classes), nest locks (check_deadlock()'s nest, references) and debug_check_no_locks_held(). */
class LockdepNestingTest {

    private static void take(Lockdep ld, String lock, String cls, int subclass, String nest, int step) {
        NestLock nestLock = nest == null ? null : new NestLock(nest, "&" + nest + "->lock");
        ld.acquire(TASK, PROCESS, lock, cls, subclass, 0, false, nestLock, site("lock", "f", step, step));
    }

    private static void drop(Lockdep ld, String lock, String cls, int step) {
        ld.release(TASK, PROCESS, lock, cls, site("unlock", "f", step, step));
    }

    /** A then A/1 of the same class: two classes, an ordinary edge A -> A/1, no recursive locking. */
    @Test
    void subclass_isAClassOfItsOwn_namedSlashN() {
        Lockdep ld = new Lockdep();
        take(ld, "P0", "&port->lock", 0, null, 1);
        take(ld, "P1", "&port->lock", 1, null, 2);
        assertThat(ld.reports()).isEmpty();
        assertThat(ld.classes()).extracting(LockClassUsage::name).containsExactly("&port->lock", "&port->lock/1");
        assertThat(ld.dependencies()).singleElement().satisfies(d -> {
            assertThat(d.from()).isEqualTo("&port->lock");
            assertThat(d.to()).isEqualTo("&port->lock/1");
        });
    }

    /** The subclass taken twice is recursive locking, and the splat names it A/1 as __print_lock_name() does. */
    @Test
    void subclassTwice_isRecursive_printedWithItsSubclass() {
        Lockdep ld = new Lockdep();
        take(ld, "P1", "&port->lock", 1, null, 1);
        take(ld, "P2", "&port->lock", 1, null, 2);
        assertThat(ld.reportKinds()).containsExactly("recursive-locking");
        assertThat(ld.reports().get(0).lock()).isEqualTo("&port->lock/1");
        assertThat(ld.reports().get(0).text()).containsSubsequence(
                "P2 (&port->lock/1){+.+.}-{2:2}, at: lock in f (t.yaml:2:7)",
                "P1 (&port->lock/1){+.+.}-{2:2}, at: lock in f (t.yaml:1:7)",
                "  lock(&port->lock/1);",
                "  lock(&port->lock/1);");
    }

    /** A class declared with the name "A/1" is not A's subclass 1. */
    @Test
    void classNamedLikeASubclass_staysApart() {
        Lockdep ld = new Lockdep();
        take(ld, "X", "A/1", 0, null, 1);
        take(ld, "Y", "A", 1, null, 2);
        assertThat(ld.reports()).isEmpty();
        assertThat(ld.classes()).hasSize(2);
    }

    /**
     * Under the nest lock, more locks of one class are fine: the second is counted on the first's
     * entry (references), the held-lock list shows one entry, and each release drops one.
     */
    @Test
    void nestLockHeld_sameClassTwice_countsOneEntry() {
        Lockdep ld = new Lockdep();
        take(ld, "mm", "mm", 0, null, 1);
        take(ld, "av1", "&anon_vma->rwsem", 0, "mm", 2);
        take(ld, "av2", "&anon_vma->rwsem", 0, "mm", 3);
        assertThat(ld.reports()).isEmpty();
        ld.taskExit(TASK, PROCESS, site("do_exit", "f", 4, 4));
        assertThat(ld.reports().get(0).text()).containsSubsequence(
                "2 locks held by sysfs-writer/100:",
                " #0: mm (mm){+.+.}-{2:2}, at: lock in f (t.yaml:1:7)",
                " #1: av1 (&anon_vma->rwsem){+.+.}-{2:2}, at: lock in f (t.yaml:2:7)");
    }

    /** Releasing the locks counted on one entry one by one leaves the stack balanced: no bad unlock. */
    @Test
    void nestLockHeld_releases_dropReferences() {
        Lockdep ld = new Lockdep();
        take(ld, "mm", "mm", 0, null, 1);
        take(ld, "av1", "av", 0, "mm", 2);
        take(ld, "av2", "av", 0, "mm", 3);
        drop(ld, "av2", "av", 4);
        drop(ld, "av1", "av", 5);
        drop(ld, "mm", "mm", 6);
        ld.taskExit(TASK, PROCESS, site("do_exit", "f", 7, 7));
        assertThat(ld.reports()).isEmpty();
    }

    /** Not directly above (another class between): check_deadlock() still lets it through because the nest lock is held. */
    @Test
    void nestLockHeld_notDirectlyAbove_isNotRecursive() {
        Lockdep ld = new Lockdep();
        take(ld, "mm", "mm", 0, null, 1);
        take(ld, "av1", "av", 0, "mm", 2);
        take(ld, "x", "x", 0, null, 3);
        take(ld, "av2", "av", 0, "mm", 4);
        assertThat(ld.reports()).isEmpty();
    }

    /** A nest lock that is not held: print_lock_nested_lock_not_held(). */
    @Test
    void nestLockNotHeld_isReported() {
        Lockdep ld = new Lockdep();
        take(ld, "av1", "av", 0, "mm", 1);
        assertThat(ld.reportKinds()).containsExactly("nested-lock-not-taken");
        assertThat(ld.reports().get(0).text()).containsSubsequence(
                "==================================",
                "WARNING: Nested lock was not taken",
                "6.8.0-zswapsim #1 Not tainted",
                "----------------------------------",
                "sysfs-writer/100 is trying to lock:",
                "av1 (av){+.+.}-{2:2}, at: lock in f (t.yaml:1:7)",
                "",
                "but this task is not holding:",
                "&mm->lock",
                "",
                "stack backtrace:",
                "",
                "other info that might help us debug this:",
                "no locks held by sysfs-writer/100.",
                "",
                "stack backtrace:");
    }

    /** do_exit() with a lock held: print_held_locks_bug(), in the kernel's layout; it turns lockdep off. */
    @Test
    void exitHoldingALock_stillHasLocksHeld() {
        Lockdep ld = new Lockdep();
        take(ld, "A", "A", 0, null, 1);
        ld.taskExit(TASK, PROCESS, site("do_exit", "f", 2, 2));
        assertThat(ld.enabled()).isFalse();
        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("held-lock-at-exit");
            assertThat(r.text()).containsExactly(
                    "====================================",
                    "WARNING: sysfs-writer/100 still has locks held!",
                    "6.8.0-zswapsim #1 Not tainted",
                    "------------------------------------",
                    "1 lock held by sysfs-writer/100:",
                    " #0: A (A){+.+.}-{2:2}, at: lock in f (t.yaml:1:7)",
                    "",
                    "stack backtrace:",
                    "  do_exit",
                    "  f",
                    "  task sysfs-writer",
                    "  t.yaml:2:7 (step 2)");
        });
    }

    /** lockdep_sys_exit() with a lock held: the kernel's layout, no stack backtrace; it turns lockdep off. */
    @Test
    void returnToUserHoldingALock_isLeavingTheKernelWithLocksStillHeld() {
        Lockdep ld = new Lockdep();
        take(ld, "A", "A", 0, null, 1);
        ld.sysExit(TASK, PROCESS, site("exit_to_user_mode", "f", 2, 2));
        assertThat(ld.enabled()).isFalse();
        assertThat(ld.reports()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("held-lock-at-exit");
            assertThat(r.text()).containsExactly(
                    "================================================",
                    "WARNING: lock held when returning to user space!",
                    "6.8.0-zswapsim #1 Not tainted",
                    "------------------------------------------------",
                    "sysfs-writer/100 is leaving the kernel with locks still held!",
                    "1 lock held by sysfs-writer/100:",
                    " #0: A (A){+.+.}-{2:2}, at: lock in f (t.yaml:1:7)");
        });
        ld.taskExit(TASK, PROCESS, site("do_exit", "f", 3, 3));
        assertThat(ld.reports()).hasSize(1);
    }

    /** Nothing held at exit: no report. */
    @Test
    void exitWithNothingHeld_isQuiet() {
        Lockdep ld = new Lockdep();
        take(ld, "A", "A", 0, null, 1);
        drop(ld, "A", "A", 2);
        ld.taskExit(TASK, PROCESS, site("do_exit", "f", 3, 3));
        ld.sysExit(TASK, PROCESS, site("exit_to_user_mode", "f", 3, 3));
        assertThat(ld.reports()).isEmpty();
    }
}

package zswapsim.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small random multi-CPU scenarios, for differential tests of the checker: locks of
 * every type and acquisition variant (properly nested), BH, irq and RCU read sections, RCU
 * callbacks, refcounts, work items on system_wq and a named workqueue, an hrtimer, and
 * softirq/hardirq interrupts whose handlers take spinning locks. 1 to 3 CPUs, a few ops per task, so every one checks exhaustively in well under a second.
 * Every choice is drawn from a {@link Choices} source: a seed, or a list of numbers that jqwik
 * shrinks (a shorter list, smaller numbers: the generator's first alternatives, which are the
 * simplest, so a failing scenario shrinks to a small one).
 */
final class RandomScenarios {
    private static final String[] SPIN_VARIANTS = {"spin_lock", "spin_lock_bh", "spin_lock_irq", "spin_lock_irqsave"};
    private static final String[] RAW_VARIANTS = {"raw_spin_lock", "raw_spin_lock_bh", "raw_spin_lock_irq", "raw_spin_lock_irqsave"};
    private static final String[] RW_VARIANTS = {"read_lock", "write_lock", "read_lock_bh", "write_lock_irqsave"};
    private static final String[] LOCKS = {"A", "B", "R", "M", "S"};
    private static final String[] WORK_OPS = {"{ schedule_work: work_fn }", "{ flush_work: work_fn }",
        "{ queue_work: { wq: wq, work: w2 } }", "{ flush_workqueue: wq }", "{ cancel_work_sync: w2 }"};

    /** Where the generator's choices come from. */
    interface Choices {
        /** A choice in {@code [0, bound)}; 0 is the simplest alternative. */
        int nextInt(int bound);

        boolean nextBoolean();

        static Choices seeded(long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            return new Choices() {
                @Override
                public int nextInt(int bound) {
                    return rnd.nextInt(bound);
                }

                @Override
                public boolean nextBoolean() {
                    return rnd.nextBoolean();
                }
            };
        }

        /** The choices of {@code picks} in order (each modulo its bound), then the simplest ones. */
        static Choices of(List<Integer> picks) {
            return new Choices() {
                private int next;

                @Override
                public int nextInt(int bound) {
                    return next < picks.size() ? Math.floorMod(picks.get(next++), bound) : 0;
                }

                @Override
                public boolean nextBoolean() {
                    return nextInt(2) == 1;
                }
            };
        }
    }

    private final Choices rnd;
    private boolean kref;

    private RandomScenarios(Choices choices) {
        this.rnd = choices;
    }

    static String generate(long seed) {
        return new RandomScenarios(Choices.seeded(seed)).scenario("random " + seed);
    }

    /** The scenario that {@code picks} choose. */
    static String generate(List<Integer> picks) {
        return new RandomScenarios(Choices.of(picks)).scenario("random " + picks);
    }

    /**
     * A scenario with interchangeable CPUs, for the symmetry reduction: 2 or 3 CPUs, one task on
     * CPU0 and copies of one other task on every other CPU, and interrupts on all CPUs or none.
     */
    static String generateSymmetric(long seed) {
        return new RandomScenarios(Choices.seeded(seed)).symmetricScenario(seed);
    }

    private String scenario(String title) {
        int cpus = 1 + rnd.nextInt(3);
        StringBuilder b = header(title, cpus);
        b.append("tasks:\n");
        int tasks = 1 + rnd.nextInt(Math.min(cpus + 1, 3));
        for (int t = 0; t < tasks; t++) {
            b.append("  - { cpu: ").append(rnd.nextInt(cpus)).append(", run: [ ")
                    .append(String.join(", ", taskOps(1 + rnd.nextInt(2)))).append(" ] }\n");
        }
        if (rnd.nextInt(3) > 0) {
            b.append("interrupts:\n  - { ").append(rnd.nextBoolean() ? "softirq" : "hardirq").append(": irq_fn");
            b.append(", cpus: [").append(rnd.nextInt(cpus)).append("] }\n");
        }
        return b.toString();
    }

    private String symmetricScenario(long seed) {
        int cpus = 2 + rnd.nextInt(2);
        StringBuilder b = header("random symmetric " + seed, cpus);
        b.append("tasks:\n");
        b.append("  - { cpu: 0, run: [ ").append(String.join(", ", taskOps(1 + rnd.nextInt(2)))).append(" ] }\n");
        String copy = String.join(", ", taskOps(1 + rnd.nextInt(2)));
        for (int c = 1; c < cpus; c++) {
            b.append("  - { name: worker").append(c).append(", cpu: ").append(c).append(", run: [ ").append(copy).append(" ] }\n");
        }
        if (rnd.nextBoolean()) {
            b.append("interrupts:\n  - { ").append(rnd.nextBoolean() ? "softirq" : "hardirq").append(": irq_fn }\n");
        }
        return b.toString();
    }

    /** The scenario's title, CPUs, locks, ref and handlers. */
    private StringBuilder header(String title, int cpus) {
        StringBuilder b = new StringBuilder();
        b.append("scenario: ").append(title).append('\n');
        b.append("cpus: ").append(cpus).append('\n');
        b.append("locks: { A: spinlock, B: raw_spinlock, R: rwlock, M: mutex, S: rwsem }\n");
        kref = rnd.nextBoolean();
        b.append("refs: { obj: { type: ").append(kref ? "kref" : "percpu_ref").append(", release: obj_release } }\n");
        b.append("handlers:\n");
        b.append("  obj_release: [ ").append(String.join(", ", atomicSection())).append(" ]\n");
        b.append("  rcu_cb: [ ").append(String.join(", ", atomicSection())).append(" ]\n");
        b.append("  work_fn: [ ").append(String.join(", ", lockSection(true))).append(" ]\n");
        b.append("  irq_fn: [ ").append(String.join(", ", atomicSection())).append(" ]\n");
        b.append("hrtimers: { ht: { function: irq_fn, mode: ").append(rnd.nextBoolean() ? "hard" : "soft").append(" } }\n");
        b.append("workqueues: { wq: { ordered: ").append(rnd.nextBoolean()).append(" } }\n");
        b.append("works: { w2: { function: work_fn } }\n");
        return b;
    }

    /** Task-context code: {@code n} sections, each balanced. */
    private List<String> taskOps(int n) {
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(9)) {
                case 0, 1 -> ops.addAll(lockSection(true));
                case 2 -> ops.addAll(wrap("local_bh_disable", "local_bh_enable", lockSection(false)));
                case 3 -> ops.addAll(wrap("rcu_read_lock", "rcu_read_unlock", lockSection(false)));
                case 4 -> ops.add(rnd.nextBoolean() ? "{ call_rcu: rcu_cb }" : "synchronize_rcu");
                case 5 -> ops.addAll(kref ? List.of("{ kref_get: obj }", "{ kref_put: obj }")
                        : List.of("{ percpu_ref_get: obj }", "{ percpu_ref_put: obj }"));
                case 6 -> ops.add(WORK_OPS[rnd.nextInt(WORK_OPS.length)]);
                case 7 -> ops.add(rnd.nextBoolean() ? "{ hrtimer_start: ht }" : "{ hrtimer_cancel: ht }");
                default -> ops.add(rnd.nextBoolean() ? (kref ? "{ kref_put: obj }" : "{ percpu_ref_kill: obj }") : "{ note: n }");
            }
        }
        return ops;
    }

    /** Code that may run in interrupt context: spinning locks only, properly nested. */
    private List<String> atomicSection() {
        List<String> ops = lockSection(false);
        return ops.isEmpty() ? List.of("{ note: n }") : ops;
    }

    /** One lock, maybe a second inside it, released in reverse order; sleeping locks only if {@code maySleep}. */
    private List<String> lockSection(boolean maySleep) {
        List<String> ops = new ArrayList<>();
        String outer = pick(maySleep);
        ops.addAll(take(outer));
        List<String> inner = rnd.nextBoolean() ? take(pick(maySleep && isSleeping(outer))) : List.of();
        ops.addAll(inner);
        if (!inner.isEmpty()) {
            ops.add(release(inner.get(0)));
        }
        ops.add(release(ops.get(0)));
        return ops;
    }

    private String pick(boolean maySleep) {
        String lock = LOCKS[rnd.nextInt(maySleep ? LOCKS.length : 3)];
        return lock;
    }

    private static boolean isSleeping(String lock) {
        return lock.equals("M") || lock.equals("S");
    }

    private List<String> take(String lock) {
        String op = switch (lock) {
            case "M" -> "mutex_lock";
            case "S" -> rnd.nextBoolean() ? "down_read" : "down_write";
            case "R" -> RW_VARIANTS[rnd.nextInt(RW_VARIANTS.length)];
            case "B" -> RAW_VARIANTS[rnd.nextInt(RAW_VARIANTS.length)];
            default -> SPIN_VARIANTS[rnd.nextInt(SPIN_VARIANTS.length)];
        };
        return List.of("{ " + op + ": " + lock + " }");
    }

    /** The unlock that matches an acquisition op written by {@link #take}. */
    private static String release(String acquire) {
        String op = acquire.substring(2, acquire.indexOf(':'));
        String lock = acquire.substring(acquire.indexOf(':') + 2, acquire.length() - 2);
        String unlock = switch (op) {
            case "mutex_lock" -> "mutex_unlock";
            case "down_read" -> "up_read";
            case "down_write" -> "up_write";
            case "spin_lock_irqsave", "raw_spin_lock_irqsave", "write_lock_irqsave" -> op.replace("lock_irqsave", "unlock_irqrestore");
            default -> op.replace("lock", "unlock");
        };
        return "{ " + unlock + ": " + lock + " }";
    }

    private static List<String> wrap(String open, String close, List<String> body) {
        List<String> out = new ArrayList<>();
        out.add(open);
        out.addAll(body);
        out.add(close);
        return out;
    }
}

package zswapsim.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import zswapsim.scenario.InterruptDecl;

/**
 * Symmetry reduction. CPUs are interchangeable when the scenario cannot tell them apart: the same
 * kinds of task, in the same order, run the same code (copies of one program count as the same),
 * and every interrupt source covers both or neither. The model never looks at a CPU's number
 * (locks grant in queue order, RCU waits for a set of CPUs), so renaming such CPUs, with their
 * tasks and interrupt contexts, maps every run to a run and every verdict to the same verdict:
 * lockdep's classes and reports are about locks, not CPUs.
 *
 * <p>{@link #fingerprint} hashes a state under the renaming that sorts each group of
 * interchangeable CPUs by what is bound to each. Sound whatever the sort gives: two states with
 * one canonical fingerprint are renamings of each other (up to hash collisions), because the
 * fingerprint is that of the renamed state. CPUs that tie in the sort are left in their order,
 * which can only keep apart states that could have been merged. The checker stores and expands the
 * states it reached, not their renamings, so a counterexample is a real schedule as it stands.
 */
public final class Symmetry {
    /** No CPUs interchangeable: states hashed as they are. */
    public static final Symmetry NONE = new Symmetry(new int[0][], null, null, null);

    /** Groups of at least two interchangeable CPUs, each in ascending order. */
    private final int[][] groups;
    /** Per CPU: the renaming that swaps it with its group's first CPU (the identity outside groups), for its key. */
    private final Relabel[] toGroupHead;
    private final int[][] tasksOnCpu;
    private final int[] blockClass;
    /** The renamings {@link #canonical} built, by permutation: a check meets few, over and over. */
    private final ConcurrentHashMap<Permutation, Relabel> renamings = new ConcurrentHashMap<>();
    /** More distinct renamings than this are built afresh each time rather than remembered. */
    private static final int MAX_REMEMBERED = 4096;

    /** A CPU permutation as a map key ({@code from[n]}: the old CPU that becomes CPU n). */
    private record Permutation(int[] from) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Permutation p && Arrays.equals(from, p.from);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(from);
        }
    }

    private Symmetry(int[][] groups, Relabel[] toGroupHead, int[][] tasksOnCpu, int[] blockClass) {
        this.groups = groups;
        this.toGroupHead = toGroupHead;
        this.tasksOnCpu = tasksOnCpu;
        this.blockClass = blockClass;
    }

    static Symmetry of(Program p, KernelState init) {
        int[] blockClass = blockClasses(p);
        int cpus = init.cpus.length;
        Map<List<Integer>, List<Integer>> byShape = new HashMap<>();
        List<List<Integer>> shapes = new ArrayList<>();
        for (int c = 0; c < cpus; c++) {
            List<Integer> shape = shape(p, init, c, blockClass);
            List<Integer> members = byShape.get(shape);
            if (members == null) {
                members = new ArrayList<>();
                byShape.put(shape, members);
                shapes.add(shape);
            }
            members.add(c);
        }
        List<int[]> groups = new ArrayList<>();
        Relabel[] toHead = new Relabel[cpus];
        Arrays.fill(toHead, Relabel.IDENTITY);
        for (List<Integer> shape : shapes) {
            List<Integer> members = byShape.get(shape);
            if (members.size() < 2) {
                continue;
            }
            int[] g = members.stream().mapToInt(Integer::intValue).toArray();
            groups.add(g);
            for (int c : g) {
                int[] from = identity(cpus);
                from[c] = g[0];
                from[g[0]] = c;
                toHead[c] = Relabel.ofCpus(from, init.tasksOnCpu, init.tasks.size(), blockClass);
            }
        }
        return new Symmetry(groups.toArray(new int[0][]), toHead, init.tasksOnCpu, blockClass);
    }

    /** The sizes of the groups of interchangeable CPUs, for the checker's summary. */
    public int[] groupSizes() {
        return Arrays.stream(groups).mapToInt(g -> g.length).toArray();
    }

    /** The fingerprint of {@code s}'s canonical renaming. */
    public long fingerprint(KernelState s) {
        if (groups.length == 0) {
            return s.fingerprint();
        }
        long[] keys = keys(s);
        return s.fingerprint(canonical(s, keys), keys);
    }

    /**
     * The fingerprint of {@code s} with the checker's bookkeeping of how it got there: one of its
     * CPUs (-1 for none), renamed alike, and a count.
     */
    public long fingerprint(KernelState s, int cpu, int count) {
        if (groups.length == 0) {
            return new Fingerprint().add(s.fingerprint()).add(cpu).add(count).value();
        }
        long[] keys = keys(s);
        Relabel r = canonical(s, keys);
        return new Fingerprint().add(s.fingerprint(r, keys)).add(r.cpu(cpu)).add(count).value();
    }

    /**
     * Each CPU's part, its own tasks and contexts named as its group head's. That is also the key
     * the CPU would have in the canonical renaming, wherever the sort puts it: what is bound to a
     * CPU names only that CPU's tasks and contexts, and irq threads, which live on CPUs that no
     * renaming moves (an irq thread's CPU is the only one with that interrupt's thread, see
     * {@link #shape}). So the canonical state's fingerprint can use these keys as they are.
     */
    private long[] keys(KernelState s) {
        long[] keys = new long[s.cpus.length];
        for (int c = 0; c < keys.length; c++) {
            keys[c] = s.cpuKey(c, toGroupHead[c]);
        }
        return keys;
    }

    /**
     * A state's canonical fingerprint with the renaming that gave it, to name the state's moves
     * as the canonical state would: a move of a CPU that ties with another of its group (the
     * same key: the sort could have put either first) has no one canonical name.
     */
    public static final class Canonical {
        private final long fingerprint;
        private final Relabel renaming;
        private final long tied;

        private Canonical(long fingerprint, Relabel renaming, long tied) {
            this.fingerprint = fingerprint;
            this.renaming = renaming;
            this.tied = tied;
        }

        public long fingerprint() {
            return fingerprint;
        }

        /** Does CPU {@code cpu} tie in the sort with another CPU of its group? */
        public boolean tied(int cpu) {
            return (tied >>> Math.min(cpu, 63) & 1) != 0;
        }

        /** The move's name in the canonical state: kind, renamed CPU, and a switch's renamed task. */
        public long moveCode(Move m) {
            int arg = m.kind() == Move.Kind.SWITCH ? renaming.task(m.arg()) : m.arg();
            return (long) m.kind().ordinal() << 56 | (long) (renaming.cpu(m.cpu()) + 1) << 32 | arg & 0xffffffffL;
        }
    }

    /** {@link #fingerprint(KernelState)} with the renaming behind it. */
    public Canonical canonical(KernelState s) {
        if (groups.length == 0) {
            return new Canonical(s.fingerprint(), Relabel.IDENTITY, 0);
        }
        long[] keys = keys(s);
        long tied = 0;
        for (int[] g : groups) {
            for (int i = 0; i < g.length; i++) {
                for (int j = i + 1; j < g.length; j++) {
                    if (keys[g[i]] == keys[g[j]]) {
                        tied |= 1L << Math.min(g[i], 63) | 1L << Math.min(g[j], 63);
                    }
                }
            }
        }
        Relabel r = canonical(s, keys);
        return new Canonical(s.fingerprint(r, keys), r, tied);
    }

    /** The renaming that sorts each group by its CPUs' keys. */
    private Relabel canonical(KernelState s, long[] keys) {
        int[] from = identity(s.cpus.length);
        for (int[] g : groups) {
            // Insertion sort of the group's CPUs by key (groups are small); stable: CPUs with
            // equal keys keep their order.
            int[] order = g.clone();
            for (int i = 1; i < order.length; i++) {
                int cpu = order[i];
                int j = i - 1;
                for (; j >= 0 && keys[order[j]] > keys[cpu]; j--) {
                    order[j + 1] = order[j];
                }
                order[j + 1] = cpu;
            }
            for (int i = 0; i < g.length; i++) {
                from[g[i]] = order[i];
            }
        }
        Permutation key = new Permutation(from);
        Relabel known = renamings.get(key);
        if (known != null) {
            return known;
        }
        Relabel r = Relabel.ofCpus(from, tasksOnCpu, s.tasks.size(), blockClass);
        if (renamings.size() < MAX_REMEMBERED) {
            renamings.putIfAbsent(key, r);
        }
        return r;
    }

    /**
     * What the scenario says about CPU {@code c}: its tasks' kinds (kthread or user task) and code,
     * which interrupt sources cover it, and whose irq threads it hosts.
     */
    private static List<Integer> shape(Program p, KernelState init, int c, int[] blockClass) {
        List<Integer> shape = new ArrayList<>();
        for (int t : init.tasksOnCpu[c]) {
            TaskState task = init.tasks.get(t);
            shape.add(task.kind.ordinal());
            shape.add(task.kthread ? 1 : 0);
            // A task whose run: is empty has already exited in the initial state: no frame, no code.
            shape.add(task.ctx.frames.isEmpty() ? -1 : blockClass[task.ctx.frames.get(0).block()]);
        }
        for (InterruptDecl d : p.interrupts) {
            shape.add(d.cpus().contains(c) ? 1 : 0);
        }
        // Which interrupts' irq threads run here: a hardirq names its thread's task wherever it runs.
        for (Program.IrqThreadInfo t : p.irqThreads) {
            shape.add(t.cpu() == c ? t.interrupt() : -1);
        }
        return shape;
    }

    /**
     * Per block, the first block with the same instructions (positions in the file aside): each
     * task's run: list compiles to a block of its own, so identical tasks run copies.
     */
    private static int[] blockClasses(Program p) {
        int n = p.blocks.size();
        int[] cls = new int[n];
        Map<Integer, List<Object>> codes = new HashMap<>();
        Map<List<Object>, Integer> first = new HashMap<>();
        for (int b = 0; b < n; b++) {
            Integer firstCopy = first.putIfAbsent(code(p, b, codes), b);
            cls[b] = firstCopy == null ? b : firstCopy;
        }
        return cls;
    }

    /** A block's instructions as values, with the blocks they enter (an inline interrupt's body) by their code. */
    private static List<Object> code(Program p, int b, Map<Integer, List<Object>> codes) {
        List<Object> known = codes.get(b);
        if (known != null) {
            return known;
        }
        List<Object> code = new ArrayList<>();
        for (Insn i : p.block(b).insns()) {
            code.add(Arrays.asList(i.op(), i.nat(), i.target(), i.count(), i.text(), i.jump(), i.negate(),
                    i.body() < 0 ? null : code(p, i.body(), codes)));
        }
        codes.put(b, code);
        return code;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}

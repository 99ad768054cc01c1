package zswapsim.scenario;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rejects handlers that {@code call:} themselves, directly or through others, and chains of
 * {@code call:} deeper than {@link Limits#MAX_CALL_DEPTH}. {@code call:} runs a handler inline and
 * ops have no conditions, so such a cycle could never return; the asynchronous ops
 * ({@code raise_softirq}, {@code call_rcu}, {@code schedule_work}) may re-arm themselves and are
 * not followed. The walk keeps its own stack, so no chain is too long for the JVM's.
 */
final class CallCycles {

    /** A handler on the walk's stack, with the calls it has not followed yet. */
    private record Visit(String handler, Iterator<Op> calls) {
    }

    private CallCycles() {
    }

    /** Throws at the {@code call:} that closes the first cycle, or makes the first chain too deep, handlers taken in file order. */
    static void check(Map<String, List<Op>> handlers) {
        // How many calls deep each handler finished so far goes (0: it calls nothing).
        Map<String, Integer> depth = new HashMap<>();
        for (String root : handlers.keySet()) {
            Deque<Visit> stack = new ArrayDeque<>();
            enter(root, handlers, stack);
            while (!stack.isEmpty()) {
                Visit top = stack.peek();
                if (!top.calls().hasNext()) {
                    stack.pop();
                    int below = depth.getOrDefault(top.handler(), 0);
                    depth.put(top.handler(), below);
                    if (!stack.isEmpty()) {
                        String caller = stack.peek().handler();
                        depth.put(caller, Math.max(depth.getOrDefault(caller, 0), below + 1));
                    }
                    continue;
                }
                Op call = top.calls().next();
                String callee = call.name();
                if (stack.stream().anyMatch(v -> v.handler().equals(callee))) {
                    throw new ScenarioException(call.pos(), "call: " + callee + " never returns: " + chain(stack, callee)
                            + " (call: runs a handler inline, so a handler cannot call itself)");
                }
                int known = depth.getOrDefault(callee, -1);
                if (stack.size() + Math.max(known, 0) > Limits.MAX_CALL_DEPTH) {
                    throw new ScenarioException(call.pos(), "call: " + callee + " nests calls more than " + Limits.MAX_CALL_DEPTH
                            + " deep: " + chain(stack, callee) + (known > 0 ? " -> ..." : "") + " (the limit for call depth)");
                }
                if (known >= 0) {
                    depth.put(top.handler(), Math.max(depth.getOrDefault(top.handler(), 0), known + 1));
                } else {
                    enter(callee, handlers, stack);
                }
            }
        }
    }

    private static void enter(String handler, Map<String, List<Op>> handlers, Deque<Visit> stack) {
        stack.push(new Visit(handler, calls(handlers.getOrDefault(handler, List.of())).iterator()));
    }

    /** {@code a -> b -> c -> callee}, the stack from its bottom; long chains keep their two ends. */
    private static String chain(Deque<Visit> stack, String callee) {
        List<String> names = new ArrayList<>();
        stack.descendingIterator().forEachRemaining(v -> names.add(v.handler()));
        names.add(callee);
        if (names.size() > 8) {
            List<String> ends = new ArrayList<>(names.subList(0, 3));
            ends.add("...");
            ends.addAll(names.subList(names.size() - 3, names.size()));
            return String.join(" -> ", ends);
        }
        return String.join(" -> ", names);
    }

    /** The {@code call:} ops of a body, including those inside {@code in_softirq}/{@code in_hardirq}, in order. */
    private static List<Op> calls(List<Op> body) {
        List<Op> out = new ArrayList<>();
        Deque<Iterator<Op>> open = new ArrayDeque<>();
        open.push(body.iterator());
        while (!open.isEmpty()) {
            if (!open.peek().hasNext()) {
                open.pop();
                continue;
            }
            Op op = open.peek().next();
            if (op.kind() == OpKind.CALL) {
                out.add(op);
            }
            open.push(op.body().iterator());
            if (op.branch() != null) {
                open.push(op.branch().orElse().iterator());
            }
        }
        return out;
    }
}

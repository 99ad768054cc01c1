package zswapsim.scenario;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rejects handlers that {@code call:} themselves, directly or through others. {@code call:}
 * runs a handler inline and ops have no conditions, so such a cycle could never return; the
 * asynchronous ops ({@code raise_softirq}, {@code call_rcu}, {@code schedule_work}) may re-arm
 * themselves and are not followed.
 */
final class CallCycles {

    private CallCycles() {
    }

    /** Throws at the {@code call:} that closes the first cycle found, handlers taken in file order. */
    static void check(Map<String, List<Op>> handlers) {
        Set<String> done = new HashSet<>();
        for (String handler : handlers.keySet()) {
            visit(handler, handlers, new ArrayList<>(), done);
        }
    }

    private static void visit(String handler, Map<String, List<Op>> handlers, List<String> stack, Set<String> done) {
        if (done.contains(handler)) {
            return;
        }
        stack.add(handler);
        for (Op call : calls(handlers.getOrDefault(handler, List.of()), new ArrayList<>())) {
            int at = stack.indexOf(call.name());
            if (at >= 0) {
                List<String> chain = new ArrayList<>(stack.subList(at, stack.size()));
                chain.add(call.name());
                throw new ScenarioException(call.pos(), "call: " + call.name() + " never returns: "
                        + String.join(" -> ", chain) + " (call: runs a handler inline, so a handler cannot call itself)");
            }
            visit(call.name(), handlers, stack, done);
        }
        stack.remove(stack.size() - 1);
        done.add(handler);
    }

    /** The {@code call:} ops of a body, including those inside {@code in_softirq}/{@code in_hardirq}, in order. */
    private static List<Op> calls(List<Op> body, List<Op> into) {
        for (Op op : body) {
            if (op.kind() == OpKind.CALL) {
                into.add(op);
            }
            calls(op.body(), into);
            if (op.branch() != null) {
                calls(op.branch().orElse(), into);
            }
        }
        return into;
    }
}

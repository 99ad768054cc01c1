package zswapsim.lockdep;

import java.util.List;

/** A lock class's usage at the end of a run: the {@code {+.?.}} characters and when each bit was set. */
public record LockClassUsage(String name, String usage, List<UsageBitSet> bits) {

    /** One usage bit ({@code usage_str[]} text, e.g. {@code IN-SOFTIRQ-W}) and the step that set it. */
    public record UsageBitSet(String bit, int step) {
    }
}

package zswapsim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code cpu_state} line, e.g. {@code task sysfs-writer > softirq RCU_SOFTIRQ | preempt 1 bh 0
 * irqs on | pending RCU_SOFTIRQ}. {@code contexts} is the stack, outermost first; an idle base is
 * kept as {@code "idle"} so that an interrupt on an idle CPU still sits at depth 1.
 */
public record CpuStateLine(List<String> contexts, int preempt, int bh, boolean irqsOff, String pending) {
    /** The flags are searched from the end: names in the stack are user text and may contain anything. */
    private static final Pattern FLAGS = Pattern.compile(" \\| preempt (\\d+) bh (\\d+) irqs (on|off)(?: \\| pending (.*))?$");
    /** Only interrupt contexts sit above the base, so only these separators split the stack. */
    private static final Pattern NESTED = Pattern.compile(" > (?=(?:softirq|hardirq) )");

    public static CpuStateLine parse(String line) {
        if (line == null || line.isEmpty()) {
            return null;
        }
        Matcher m = FLAGS.matcher(line);
        if (!m.find()) {
            return new CpuStateLine(List.of(line), 0, 0, false, null);
        }
        List<String> stack = new ArrayList<>(List.of(NESTED.split(line.substring(0, m.start()))));
        return new CpuStateLine(List.copyOf(stack), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3).equals("off"), m.group(4));
    }
}

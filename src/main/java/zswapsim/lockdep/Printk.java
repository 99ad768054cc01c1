package zswapsim.lockdep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kernel log as one report writes it. {@link #pr} is printk() without KERN_CONT: it first ends
 * a line left open by earlier output, which is why splats show e.g. " and SOFTIRQ-irq-unsafe lock:"
 * on a line of its own. {@link #cont} is KERN_CONT and appends to the open line.
 */
final class Printk {
    private final StringBuilder buf = new StringBuilder();

    Printk pr(String text) {
        if (buf.length() > 0 && buf.charAt(buf.length() - 1) != '\n') {
            buf.append('\n');
        }
        buf.append(text);
        return this;
    }

    Printk cont(String text) {
        buf.append(text);
        return this;
    }

    /** The report's lines, without the blank lines the kernel prints before and after it. */
    List<String> lines() {
        List<String> lines = new ArrayList<>(Arrays.asList(buf.toString().split("\n", -1)));
        while (!lines.isEmpty() && lines.get(0).isEmpty()) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return List.copyOf(lines);
    }
}

package zswapsim.lockdep;

import java.util.List;

/**
 * One report, as {@code run --json} prints it. {@code kind} is a contract name
 * ({@code inconsistent-lock-state}, ...); {@code usage} is e.g. {@code {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W}}
 * for usage reports and null otherwise; {@code text} is the splat in the kernel's format, one line per element.
 */
public record LockdepReport(String kind, String lock, String usage, int step, List<String> text) {
}

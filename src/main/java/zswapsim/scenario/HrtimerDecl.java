package zswapsim.scenario;

/**
 * A {@code struct hrtimer} of the scenario: {@code function} is the handler its expiry runs, in
 * hardirq context ({@code mode: hard}, hrtimer_interrupt()) or in HRTIMER_SOFTIRQ
 * ({@code mode: soft}, HRTIMER_MODE_*_SOFT).
 */
public record HrtimerDecl(String name, String function, Mode mode, SourcePos pos) {
    public enum Mode {
        HARD, SOFT;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}

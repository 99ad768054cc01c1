package zswapsim.scenario;

/**
 * A {@code struct timer_list} of the scenario: {@code function} is the handler its expiry runs in
 * TIMER_SOFTIRQ; {@code lockdepName} the name timer_setup() gives its lockdep map (the stringified
 * timer expression, {@code (&NAME)} unless the file says otherwise); {@code pinned} is
 * timer_setup()'s TIMER_PINNED: the timer goes on the arming CPU's BASE_LOCAL, which only that CPU
 * expires, instead of its BASE_GLOBAL, which since v6.9 another CPU may expire while it idles.
 */
public record TimerDecl(String name, String function, String lockdepName, boolean pinned, SourcePos pos) {
}

package zswapsim.scenario;

/**
 * A {@code struct timer_list} of the scenario: {@code function} is the handler its expiry runs in
 * TIMER_SOFTIRQ; {@code lockdepName} the name timer_setup() gives its lockdep map (the stringified
 * timer expression, {@code (&NAME)} unless the file says otherwise).
 */
public record TimerDecl(String name, String function, String lockdepName, SourcePos pos) {
}

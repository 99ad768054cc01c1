package zswapsim.report;

/**
 * How a report page presents a run, beyond the run itself.
 *
 * @param student hide the scenario's {@code about:} and {@code answer:} behind a "show answer" button
 * @param check   what {@code check} found over every schedule, said above the run; null when the page
 *                is not a check's
 */
public record ReportView(boolean student, String check) {

    /** A run's page as {@code run --report} and {@code report} write it by default. */
    public static final ReportView PLAIN = new ReportView(false, null);
}

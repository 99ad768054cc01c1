package zswapsim.explore;

/**
 * Generates the benchmark's scaling scenarios: CPU0 changes compressors back and forth, every
 * other CPU stores and frees zswap entries.
 */
public final class ScenarioGenerator {
    private ScenarioGenerator() {
    }

    public static String zswap(int cpus, String variant) {
        StringBuilder b = new StringBuilder();
        b.append("scenario: generated, ").append(cpus).append(" CPUs, ").append(variant).append('\n');
        b.append("cpus: ").append(cpus).append('\n');
        b.append("zswap: { variant: ").append(variant).append(", compressor: lzo }\n");
        b.append("tasks:\n");
        b.append("  - name: sysfs-writer\n    cpu: 0\n    run: [ { zswap_param_set: zstd }, { zswap_param_set: lzo } ]\n");
        for (int c = 1; c < cpus; c++) {
            b.append("  - name: kswapd").append(c).append("\n    cpu: ").append(c)
                    .append("\n    run: [ { zswap_store: 1 }, { zswap_entry_free: 1 } ]\n");
        }
        return b.toString();
    }
}

package zswapsim.scenario;

import java.util.List;

/**
 * One op of scenario code. {@code name} is the lock, ref, handler, compressor or note text;
 * {@code count} the number for counted ops (1 otherwise); {@code body} the ops of
 * {@code in_softirq}/{@code in_hardirq} (empty otherwise).
 */
public record Op(OpKind kind, String name, int count, List<Op> body, SourcePos pos) {

    /** The op as a scenario file would spell it, e.g. {@code spin_lock(zswap_pools_lock)}. */
    public String describe() {
        return switch (kind.arg()) {
            case NONE -> kind.kernelName();
            case OPS -> kind.kernelName();
            case COUNT -> kind.kernelName() + "(" + count + ")";
            case TEXT -> "note: " + name;
            default -> kind.kernelName() + "(" + name + ")";
        };
    }
}

package zswapsim.trace;

/**
 * A delivered message: the actor that sent it and the one it was delivered to ({@code cpu0},
 * {@code rcu}, {@code lock:zswap_pools_lock}), its type ({@code call_rcu}, {@code lock_granted}),
 * and the RCU callback it queues or invokes (its call_rcu number), or -1.
 */
public record MessageInfo(String from, String to, String msg, int callback) {
}

package zswapsim.kernel;

import java.util.Locale;

/**
 * What one actor of the kernel model tells another. Each actor nests its own protocol (the
 * messages it receives) as records; the trace names a message by its type in the kernel's
 * snake_case ({@code CallRcu} is {@code call_rcu}).
 */
public interface Message {
    default String name() {
        return getClass().getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** The RCU callback (call_rcu number) the message is about, or -1. */
    default int callback() {
        return -1;
    }
}

package zswapsim.lockdep;

/**
 * A deterministic 64-bit hash fed field by field (FNV-1a, then a splitmix64 finalizer). Unlike
 * {@code Object.hashCode()} it is stable across runs and JVMs, so checker states hash the same.
 */
final class Fingerprint {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private long h = FNV_OFFSET;

    /** The eight bytes of {@code v}, low first; unrolled by hand, as the launcher runs C1, which does not unroll. */
    Fingerprint add(long v) {
        long x = h;
        x = (x ^ (v & 0xff)) * FNV_PRIME;
        x = (x ^ ((v >>> 8) & 0xff)) * FNV_PRIME;
        x = (x ^ ((v >>> 16) & 0xff)) * FNV_PRIME;
        x = (x ^ ((v >>> 24) & 0xff)) * FNV_PRIME;
        x = (x ^ ((v >>> 32) & 0xff)) * FNV_PRIME;
        x = (x ^ ((v >>> 40) & 0xff)) * FNV_PRIME;
        x = (x ^ ((v >>> 48) & 0xff)) * FNV_PRIME;
        h = (x ^ (v >>> 56)) * FNV_PRIME;
        return this;
    }

    Fingerprint add(boolean b) {
        return add(b ? 1 : 0);
    }

    Fingerprint add(String s) {
        add(s.length());
        long x = h;
        for (int i = 0; i < s.length(); i++) {
            x = (x ^ s.charAt(i)) * FNV_PRIME;
        }
        h = x;
        return this;
    }

    long value() {
        return mix(h);
    }

    /** The hash of one string on its own, for order-independent sums over sets. */
    static long of(String s) {
        return new Fingerprint().add(s).value();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}

package zswapsim.kernel;

/** A 64-bit running hash of a state's content, for the checker's visited set. */
final class Fingerprint {
    private long h = 0x9E3779B97F4A7C15L;

    Fingerprint add(long v) {
        h ^= v + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
        return this;
    }

    Fingerprint add(boolean b) {
        return add(b ? 1 : 0);
    }

    long value() {
        return h;
    }
}

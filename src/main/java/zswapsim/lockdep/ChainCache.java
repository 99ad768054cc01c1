package zswapsim.lockdep;

import java.util.Arrays;

/**
 * {@code chainhash_table}: every chain key validated so far, in any task and context. The keys are a
 * sorted array that is replaced, never changed, when a chain is added: new chains are rare once a
 * search is under way, while the checker branches the cache on every transition. The fingerprint's
 * order-independent sum of key hashes is kept up to date as keys are added.
 */
final class ChainCache {
    private String[] keys;
    private long hashSum;

    ChainCache() {
        this(new String[0], 0);
    }

    private ChainCache(String[] keys, long hashSum) {
        this.keys = keys;
        this.hashSum = hashSum;
    }

    ChainCache copy() {
        return new ChainCache(keys, hashSum);
    }

    /** Adds a chain key; false if it was already cached. */
    boolean add(String key) {
        int i = Arrays.binarySearch(keys, key);
        if (i >= 0) {
            return false;
        }
        int at = -i - 1;
        String[] grown = new String[keys.length + 1];
        System.arraycopy(keys, 0, grown, 0, at);
        grown[at] = key;
        System.arraycopy(keys, at, grown, at + 1, keys.length - at);
        keys = grown;
        hashSum += Fingerprint.of(key);
        return true;
    }

    int size() {
        return keys.length;
    }

    /** The sum of {@link Fingerprint#of} over the keys, which does not depend on their order. */
    long hashSum() {
        return hashSum;
    }
}

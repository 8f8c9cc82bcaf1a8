package org.mmu.internal.hdf5;

/**
 * How strings read from HDF5 are normalised. h5py surveys store text as fixed-length byte
 * strings padded with NULs (or spaces), and some MMU build scripts stored {@code str(b'...')}, so
 * the bytes themselves carry a literal {@code b'...'} wrapper: the SDSS id
 * {@code 1237650762925031620} may be stored as the 22 characters {@code b'1237650762925031620'}.
 * Every string column (object ids included) goes through {@link #normalise(String)}. Stateless
 * and thread-safe.
 */
public final class Hdf5Strings {
    private Hdf5Strings() {
    }

    /**
     * Removes trailing NUL and space padding, then one literal {@code b'...'} or {@code b"..."}
     * wrapper around the whole value. Text inside is kept as is; {@code null} stays {@code null}.
     */
    public static String normalise(String s) {
        if (s == null) {
            return null;
        }
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\0' || s.charAt(end - 1) == ' ')) {
            end--;
        }
        if (hasBytesWrapper(s, end)) {
            return s.substring(2, end - 1);
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    /** Whether a value (after padding is removed) is wrapped in a literal {@code b'...'} / {@code b"..."}. */
    public static boolean hasBytesWrapper(String s) {
        if (s == null) {
            return false;
        }
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\0' || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return hasBytesWrapper(s, end);
    }

    private static boolean hasBytesWrapper(String s, int end) {
        if (end < 3 || s.charAt(0) != 'b') {
            return false;
        }
        char q = s.charAt(1);
        return (q == '\'' || q == '"') && s.charAt(end - 1) == q;
    }
}

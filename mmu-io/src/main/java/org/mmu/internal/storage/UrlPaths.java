package org.mmu.internal.storage;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of relative paths and revisions for URLs. */
final class UrlPaths {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlPaths() {
    }

    /** Encodes each '/'-separated segment (keeping RFC 3986 pchar characters such as '=', ':' and '@'). */
    static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String seg : path.split("/", -1)) {
            if (sb.length() > 0 || path.startsWith("/")) {
                sb.append('/');
            }
            encode(seg, "-._~!$&'()*+,;=:@", sb);
        }
        return sb.toString();
    }

    /** Encodes everything but unreserved characters: a revision like {@code refs/convert/parquet} becomes one segment. */
    static String encodeSegment(String s) {
        StringBuilder sb = new StringBuilder();
        encode(s, "-._~", sb);
        return sb.toString();
    }

    private static void encode(String s, String keep, StringBuilder sb) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || keep.indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
    }
}

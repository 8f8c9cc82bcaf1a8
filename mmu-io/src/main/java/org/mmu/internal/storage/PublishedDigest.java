package org.mmu.internal.storage;

import java.net.http.HttpHeaders;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 of a whole file as its host publishes it, and where it was published. Only sources
 * that are documented to be the content's SHA-256 count: the Hub's LFS oid (tree API
 * {@code lfs.oid}, or the resolve answer's {@code X-Linked-Etag}), RFC 9530 {@code Repr-Digest:
 * sha-256=:BASE64:} and the legacy RFC 3230 {@code Digest: SHA-256=BASE64}. A plain ETag is
 * never taken for a hash (S3's is an MD5 only for single-part uploads; most are opaque).
 *
 * @param sha256 lowercase hex, 64 characters
 * @param source where it was published, for messages and reports
 */
record PublishedDigest(String sha256, String source) {
    static final String HUB_TREE = "Hub tree API lfs.oid";
    static final String HUB_LINKED_ETAG = "Hub X-Linked-Etag";
    static final String REPR_DIGEST = "Repr-Digest";
    static final String LEGACY_DIGEST = "Digest";

    PublishedDigest {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 in lowercase hex: " + sha256);
        }
    }

    boolean sameContent(PublishedDigest other) {
        return sha256.equals(other.sha256);
    }

    /**
     * The digest an HTTP answer publishes for the whole file, or null: {@code Repr-Digest} first,
     * then {@code Digest}, then (from the Hub only, {@code hub}) {@code X-Linked-Etag}. Both digest
     * headers describe the whole representation even on a 206 (unlike {@code Content-Digest}).
     */
    static PublishedDigest of(HttpHeaders h, boolean hub, String location) {
        for (String v : h.allValues("Repr-Digest")) {
            String b64 = member(v, "sha-256", ':');
            if (b64 != null) {
                return fromBase64(b64, REPR_DIGEST, location);
            }
        }
        for (String v : h.allValues("Digest")) {
            String b64 = member(v, "sha-256", '\0');
            if (b64 != null) {
                return fromBase64(b64, LEGACY_DIGEST, location);
            }
        }
        if (hub) {
            String etag = h.firstValue("X-Linked-Etag").orElse("").strip();
            etag = etag.startsWith("W/") ? etag.substring(2) : etag;
            etag = etag.replace("\"", "").toLowerCase(Locale.ROOT);
            if (etag.matches("[0-9a-f]{64}")) {
                return new PublishedDigest(etag, HUB_LINKED_ETAG);
            }
        }
        return null;
    }

    /** The value of {@code algorithm} in a comma-separated {@code alg=value} list (case-insensitive key). */
    private static String member(String header, String algorithm, char quote) {
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase(algorithm)) {
                String value = part.substring(eq + 1).strip();
                if (quote != '\0') {
                    if (value.length() < 2 || value.charAt(0) != quote || value.charAt(value.length() - 1) != quote) {
                        return "";  // malformed: not a byte sequence
                    }
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    /** A header value that does not decode to 32 bytes is not a SHA-256: it is reported, not ignored. */
    private static PublishedDigest fromBase64(String b64, String source, String location) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 32) {
            throw new org.mmu.core.MmuStorageException(location, "the server sent a malformed sha-256 value '" + b64
                    + "' in its " + source + " header (expected 32 bytes in base64)");
        }
        return new PublishedDigest(HexFormat.of().formatHex(raw), source);
    }

    /** The error for a file whose published SHA-256 changed from {@code was} to {@code now}. */
    static org.mmu.core.MmuFormatException changed(String location, PublishedDigest was, PublishedDigest now) {
        String accept = was.source().startsWith("pinned in ") ? "delete that pin to accept the new version, or read a"
                + " fixed revision" : "reopen the dataset to read the new version, or read a fixed revision";
        return new org.mmu.core.MmuFormatException(location, "changed on the server: its SHA-256 was published as "
                + was + ", now as " + now + "; the file was replaced after it was listed or first read (" + accept + ")");
    }

    /** The SHA-256 of {@code bytes} (all remaining), in lowercase hex. */
    static String sha256Of(java.nio.ByteBuffer bytes) {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            d.update(bytes.duplicate());
            return HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return sha256 + " (" + source + ")";
    }
}

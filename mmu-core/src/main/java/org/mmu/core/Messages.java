package org.mmu.core;

import java.util.regex.Pattern;

/**
 * What every exception message goes through: secrets removed (Hugging Face tokens, credentials in
 * URLs, signed-URL query parameters, bearer tokens) and overlong messages cut, so that a token in a
 * location or a 64 MB line of garbage never reaches a terminal or a log.
 */
public final class Messages {
    /** Longest message kept whole; longer ones keep their start and end. */
    public static final int MAX_CHARS = 2000;
    private static final int HEAD = 1400;
    private static final int TAIL = 400;

    private static final Pattern HF_TOKEN = Pattern.compile("\\bhf_[A-Za-z0-9]{6,}");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([?&;](?:token|access_token|api_key|apikey|key|password|sig|signature|x-amz-signature"
                    + "|x-amz-credential|x-amz-security-token)=)[^&\\s'\"]+");
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s'\"]+@");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s'\"]+");

    private Messages() {
    }

    /** Secrets replaced by {@code ***}. */
    public static String redact(String s) {
        if (s == null) {
            return null;
        }
        String r = HF_TOKEN.matcher(s).replaceAll("hf_***");
        r = SECRET_PARAM.matcher(r).replaceAll("$1***");
        r = USER_INFO.matcher(r).replaceAll("$1***@");
        return BEARER.matcher(r).replaceAll("$1***");
    }

    /** {@link #redact}, then cut to at most about {@link #MAX_CHARS} characters. */
    public static String clean(String s) {
        String r = redact(s);
        if (r == null || r.length() <= MAX_CHARS) {
            return r;
        }
        return r.substring(0, HEAD) + " ... (" + (r.length() - HEAD - TAIL) + " characters omitted) ... "
                + r.substring(r.length() - TAIL);
    }
}

package org.mmu.internal.storage;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mmu.core.MmuInputException;

/**
 * A parsed {@code hf://datasets/ORG/REPO[@REVISION][/PATH]} location and its Hub URLs. The
 * revision ends at the next '/', except for the Hub's own {@code refs/convert/NAME} and
 * {@code refs/pr/N}; any other revision with a '/' is written percent-encoded ({@code @a%2Fb}).
 *
 * @param revision the branch, tag or commit ({@code main} when none is given)
 * @param path     the directory inside the repository, without leading or trailing '/'
 */
record HubLocation(String org, String repo, String revision, String path) {
    private static final Pattern SPECIAL_REVISION = Pattern.compile("^(refs/convert/[^/]+|refs/pr/\\d+)(/|$)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    static HubLocation parse(String location) {
        String usage = "; expected hf://datasets/ORG/REPO[@REVISION][/PATH]";
        if (!location.startsWith("hf://")) {
            throw new MmuInputException("not an hf:// location: '" + location + "'" + usage);
        }
        String rest = location.substring("hf://".length());
        if (!rest.startsWith("datasets/")) {
            throw new MmuInputException("only Hub dataset repositories are supported, got '" + location + "'" + usage);
        }
        rest = rest.substring("datasets/".length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw new MmuInputException("missing repository name in '" + location + "'" + usage);
        }
        String org = rest.substring(0, slash);
        rest = rest.substring(slash + 1);
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != '@') {
            end++;
        }
        String repo = rest.substring(0, end);
        if (!NAME.matcher(org).matches() || !NAME.matcher(repo).matches()) {
            throw new MmuInputException("invalid organisation or repository name in '" + location + "'" + usage);
        }
        rest = rest.substring(end);
        String revision = "main";
        if (rest.startsWith("@")) {
            rest = rest.substring(1);
            Matcher m = SPECIAL_REVISION.matcher(rest);
            int revEnd = m.find() ? m.end(1) : (rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
            revision = URLDecoder.decode(rest.substring(0, revEnd).replace("+", "%2B"), StandardCharsets.UTF_8);
            if (revision.isEmpty()) {
                throw new MmuInputException("empty revision after '@' in '" + location + "'" + usage);
            }
            rest = rest.substring(revEnd);
        }
        String path = RelativePaths.normalize(location, rest.startsWith("/") ? rest.substring(1) : rest);
        return new HubLocation(org, repo, revision, path);
    }

    /** The location of a sub-directory. */
    HubLocation child(String relativeDir) {
        return new HubLocation(org, repo, revision, join(path, relativeDir));
    }

    static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b;
    }

    /** {@code {endpoint}/datasets/ORG/REPO/resolve/{REVISION}/} + this path + '/'. */
    String resolveRoot(String endpoint) {
        String p = path.isEmpty() ? "" : UrlPaths.encodePath(path) + "/";
        return endpoint + "/datasets/" + org + "/" + repo + "/resolve/" + UrlPaths.encodeSegment(revision) + "/" + p;
    }

    /** {@code {endpoint}/api/datasets/ORG/REPO/tree/{REVISION}/{dir}?recursive=true}. */
    String treeUrl(String endpoint, String dirInRepo) {
        String p = dirInRepo.isEmpty() ? "" : "/" + UrlPaths.encodePath(dirInRepo);
        return endpoint + "/api/datasets/" + org + "/" + repo + "/tree/" + UrlPaths.encodeSegment(revision) + p
                + "?recursive=true&expand=false";
    }

    @Override
    public String toString() {
        boolean plain = !revision.contains("/") || SPECIAL_REVISION.matcher(revision).find();
        String rev = plain ? revision : UrlPaths.encodeSegment(revision);
        return "hf://datasets/" + org + "/" + repo + "@" + rev + "/" + path + (path.isEmpty() ? "" : "/");
    }
}

package org.mmu.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown page, each with the HTML comment on the line just before
 * its fence ({@code <!-- file: pom.xml -->}, {@code <!-- given: MmuDataset hsc -->}), which the
 * page's reader does not see and the tests read as the block's marker.
 */
record MarkdownBlocks(Path page, List<MarkdownBlocks.Block> blocks) {
    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*(.*?)\\s*-->\\s*$");

    /** One block: its first line's number (1-based, the fence's), language, marker ("" if none) and text. */
    record Block(Path page, int line, String language, String marker, String text) {
        /** The marker's value for a key ({@code "given"} of {@code "given: A a, B b"}), or null. */
        String markerValue(String key) {
            String prefix = key + ":";
            return marker.startsWith(prefix) ? marker.substring(prefix.length()).trim() : null;
        }

        String where() {
            return page.getFileName() + ":" + line;
        }
    }

    static MarkdownBlocks of(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).startsWith("```"); j++) {
                text.append(lines.get(j)).append('\n');
            }
            if (j == lines.size()) {
                throw new IllegalStateException(page + ":" + (i + 1) + ": a code block that never closes");
            }
            blocks.add(new Block(page, i + 1, open.group(1), marker != null && marker.matches() ? marker.group(1) : "",
                    text.toString()));
            i = j;
        }
        return new MarkdownBlocks(page, List.copyOf(blocks));
    }

    /** The block marked {@code file: NAME} (the marker may go on with a remark): a whole file to write as is. */
    String file(String name) {
        for (Block b : blocks) {
            String v = b.markerValue("file");
            if (v != null && (v.equals(name) || v.startsWith(name + " "))) {
                return b.text();
            }
        }
        throw new AssertionError(page + " has no code block marked <!-- file: " + name + " -->");
    }

    List<Block> language(String language) {
        return blocks.stream().filter(b -> b.language().equals(language)).toList();
    }
}

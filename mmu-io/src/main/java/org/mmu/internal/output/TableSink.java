package org.mmu.internal.output;

import org.mmu.TableWriter;

/**
 * The writers behind {@link TableWriter} (the public face of the same contract), as the CLI and
 * the load path use them. Open one with {@link TableSinks#open}.
 */
public interface TableSink extends TableWriter {
}

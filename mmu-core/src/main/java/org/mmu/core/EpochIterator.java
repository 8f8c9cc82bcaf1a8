package org.mmu.core;

import java.util.Iterator;

/**
 * The batches of one epoch, read ahead in the background. Close it to stop the read-ahead
 * (exhausting it also releases everything).
 */
public interface EpochIterator extends Iterator<EpochBatch>, AutoCloseable {

    /** What the epoch has read so far, summed over its datasets. */
    ReadStats readStats();

    @Override
    void close();
}

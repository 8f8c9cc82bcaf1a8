package org.mmu.spark;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;

import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.mmu.core.MmuInputException;

/**
 * A data frame's rows on the driver in partition order, a few partitions in flight: each
 * partition is its own small job, {@code window} of them running at once, so the cluster works in
 * parallel while the driver holds only the partitions in flight (Spark's {@code toLocalIterator}
 * runs one partition at a time).
 */
final class OrderedRows implements Iterator<Row> {
    private final JavaRDD<Row> rdd;
    private final int partitions;
    private final int window;
    private final ArrayDeque<JavaFutureAction<List<Row>>> inFlight = new ArrayDeque<>();
    private int submitted;
    private Iterator<Row> current = java.util.Collections.emptyIterator();

    OrderedRows(Dataset<Row> frame, int window) {
        this.rdd = frame.javaRDD();
        this.partitions = rdd.getNumPartitions();
        this.window = Math.max(1, window);
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            while (submitted < partitions && inFlight.size() < window) {
                inFlight.add(partition(submitted++).collectAsync());
            }
            if (inFlight.isEmpty()) {
                return false;
            }
            try {
                current = inFlight.poll().get().iterator();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new MmuInputException("interrupted while gathering the rows");
            } catch (ExecutionException e) {
                cancel();
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return true;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    private JavaRDD<Row> partition(int p) {
        scala.Function1<Object, Object> only = (scala.Function1<Object, Object> & Serializable) i -> (Integer) i == p;
        return PartitionPruningRDD.create(rdd.rdd(), only).toJavaRDD();
    }

    private void cancel() {
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
    }
}

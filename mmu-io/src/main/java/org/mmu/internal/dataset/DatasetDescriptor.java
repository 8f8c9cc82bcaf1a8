package org.mmu.internal.dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.mmu.core.CoordinateColumns;
import org.mmu.core.DatasetLayout;
import org.mmu.core.PartitionRef;
import org.mmu.core.Schema;

/**
 * What opening a dataset learned without reading any data: its name, layout, schema,
 * partitions and size, plus layout-specific facts shown by {@code mmu inspect} (format version,
 * HEALPix order, skipped columns, ...). Immutable.
 *
 * @param properties  ordered, human-readable facts; values are strings, numbers or lists
 * @param coordinates which data columns hold the object id, ra and dec
 */
public record DatasetDescriptor(String name, String location, DatasetLayout layout, Schema schema,
        List<PartitionRef> partitions, long size, Map<String, Object> properties, CoordinateColumns coordinates) {

    /** A descriptor whose id, ra and dec columns are {@code object_id}, {@code ra}, {@code dec}. */
    public DatasetDescriptor(String name, String location, DatasetLayout layout, Schema schema,
            List<PartitionRef> partitions, long size, Map<String, Object> properties) {
        this(name, location, layout, schema, partitions, size, properties, CoordinateColumns.DEFAULT);
    }

    public DatasetDescriptor {
        Objects.requireNonNull(coordinates);
        Objects.requireNonNull(name);
        Objects.requireNonNull(location);
        Objects.requireNonNull(layout);
        Objects.requireNonNull(schema);
        partitions = List.copyOf(partitions);
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}

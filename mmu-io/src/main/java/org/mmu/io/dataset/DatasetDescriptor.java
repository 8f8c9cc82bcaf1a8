package org.mmu.io.dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.mmu.core.DatasetLayout;
import org.mmu.core.PartitionRef;
import org.mmu.core.Schema;

/**
 * What opening a dataset learned without reading any data: its name, layout, schema,
 * partitions and size, plus layout-specific facts shown by {@code mmu inspect} (format version,
 * HEALPix order, skipped columns, ...). Immutable.
 *
 * @param properties ordered, human-readable facts; values are strings, numbers or lists
 */
public record DatasetDescriptor(String name, String location, DatasetLayout layout, Schema schema,
        List<PartitionRef> partitions, long size, Map<String, Object> properties) {

    public DatasetDescriptor {
        Objects.requireNonNull(name);
        Objects.requireNonNull(location);
        Objects.requireNonNull(layout);
        Objects.requireNonNull(schema);
        partitions = List.copyOf(partitions);
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}

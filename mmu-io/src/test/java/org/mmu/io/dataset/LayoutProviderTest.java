package org.mmu.io.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.mmu.core.DatasetLayout;

/** The built-in layouts plug in through ServiceLoader, asked in a fixed order: specific markers first, catalogs last. */
class LayoutProviderTest {
    @Test
    void theFourBuiltInLayoutsAreFoundInDetectionOrder() {
        List<DatasetLayout> order = ServiceLoader.load(LayoutProvider.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(LayoutProvider::priority)).map(LayoutProvider::layout).toList();
        assertEquals(List.of(DatasetLayout.INDEX_FIRST, DatasetLayout.HATS, DatasetLayout.MMU_V1_HDF5,
                DatasetLayout.CATALOG), order);
    }
}

package org.mmu.internal.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** String normalisation: padding and literal b'...' wrappers go, everything else stays. */
class Hdf5StringsTest {

    @Test
    void trailingNulAndSpacePaddingIsRemoved() {
        assertEquals("1237650762925031620", Hdf5Strings.normalise("1237650762925031620\0\0\0"));
        assertEquals("GALAXY", Hdf5Strings.normalise("GALAXY  "));
        assertEquals("", Hdf5Strings.normalise("\0\0"));
    }

    @Test
    void literalBytesWrappersAreRemovedInBothQuotingStyles() {
        assertEquals("1237650762925031620", Hdf5Strings.normalise("b'1237650762925031620'"));
        assertEquals("1237650762925031620", Hdf5Strings.normalise("b\"1237650762925031620\"\0\0"));
        assertEquals("", Hdf5Strings.normalise("b''"));
        assertTrue(Hdf5Strings.hasBytesWrapper("b'x'\0"));
    }

    @Test
    void otherTextIsKept() {
        assertEquals("b'unbalanced", Hdf5Strings.normalise("b'unbalanced"));
        assertEquals("bob'", Hdf5Strings.normalise("bob'"));
        assertEquals("  leading", Hdf5Strings.normalise("  leading"));
        assertEquals("café", Hdf5Strings.normalise("café"));
        assertFalse(Hdf5Strings.hasBytesWrapper("b'mixed\""));
        assertEquals(null, Hdf5Strings.normalise(null));
    }
}

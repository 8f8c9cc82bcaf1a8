package org.mmu.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Exception messages never carry secrets and are never overlong. */
class MessagesTest {
    @Test
    void tokensAndCredentialsAreRedacted() {
        String m = new MmuStorageException("hf://datasets/x/y?token=hf_AbCdEfGhIjKlMn&rev=main",
                "cannot open https://user:s3cr3t@example.org/a?sig=XYZ123&x=1 with Bearer eyJhbGciOi").getMessage();
        assertFalse(m.contains("AbCdEfGhIjKlMn") || m.contains("s3cr3t") || m.contains("XYZ123")
                || m.contains("eyJhbGciOi"), m);
        assertTrue(m.contains("token=***") && m.contains("rev=main") && m.contains("://***@") && m.contains("x=1"), m);
        assertEquals("hf://datasets/x/y?token=***&rev=main",
                new MmuFormatException("hf://datasets/x/y?token=hf_AbCdEfGhIjKlMn&rev=main", "x").location());
    }

    @Test
    void overlongMessagesKeepTheirStartAndEnd() {
        String m = new MmuInputException("file.csv: " + "x".repeat(1_000_000) + " END").getMessage();
        assertTrue(m.length() < Messages.MAX_CHARS + 100, "length " + m.length());
        assertTrue(m.startsWith("file.csv: ") && m.endsWith(" END") && m.contains("characters omitted"));
    }

    @Test
    void ordinaryMessagesAreUnchanged() {
        assertEquals("a.parquet: row 3 is wrong", new MmuInputException("a.parquet: row 3 is wrong").getMessage());
    }
}

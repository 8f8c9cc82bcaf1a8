package org.mmu.internal.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PlainCodecsTest {
    private static byte[] page() {
        Random rnd = new Random(3);
        byte[] b = new byte[100_000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 97 < 60 ? i % 7 : rnd.nextInt()); // compressible, not trivially
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"UNCOMPRESSED", "SNAPPY", "ZSTD", "GZIP", "LZ4_RAW"})
    void aPageInsideALargerBufferDecompressesWhereItLies(CompressionCodecName codec) throws IOException {
        byte[] page = page();
        byte[] packed = PlainCodecs.compress(codec, page);
        byte[] around = new byte[packed.length + 300];
        System.arraycopy(packed, 0, around, 100, packed.length);
        ByteBuffer view = ByteBuffer.wrap(around, 100, packed.length).slice();
        BytesInput out = PlainCodecs.INSTANCE.getDecompressor(codec).decompress(BytesInput.from(view), page.length);
        assertArrayEquals(page, out.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"SNAPPY", "ZSTD", "LZ4_RAW"})
    void aPageShorterThanItsHeaderSaysIsAnError(CompressionCodecName codec) throws IOException {
        byte[] page = page();
        byte[] packed = PlainCodecs.compress(codec, page);
        IOException e = assertThrows(IOException.class,
                () -> PlainCodecs.decompress(codec, packed, 0, packed.length, page.length + 5));
        assertTrue(e.getMessage().contains("holds " + page.length + " bytes, the page header says " + (page.length + 5)),
                e.getMessage());
    }
}

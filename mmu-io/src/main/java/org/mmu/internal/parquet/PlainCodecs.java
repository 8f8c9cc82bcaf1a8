package org.mmu.internal.parquet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.github.luben.zstd.Zstd;
import net.jpountz.lz4.LZ4Factory;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page codecs without Hadoop. parquet-hadoop's own {@code CodecFactory} goes through
 * Hadoop's codec framework ({@code Configuration}, {@code CompressionCodec}), which would put
 * 20 MB of Hadoop on every user's classpath just to read a local file. The codec libraries
 * themselves (snappy-java, zstd-jni, lz4-java) are what parquet already depends on; this class
 * only adapts them. The codecs Parquet files use in practice are covered (UNCOMPRESSED, SNAPPY,
 * ZSTD, GZIP, LZ4_RAW); any other fails with a message naming the codec and the file.
 *
 * <p>Stateless, so one instance serves every thread.
 */
final class PlainCodecs implements CompressionCodecFactory {
    static final PlainCodecs INSTANCE = new PlainCodecs();
    private static final int ZSTD_LEVEL = 3;   // zstd's own default, as parquet's

    private PlainCodecs() {
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new Compressor(codec);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new Decompressor(codec);
    }

    @Override
    public void release() {
    }

    static byte[] compress(CompressionCodecName codec, byte[] in) throws IOException {
        switch (codec) {
            case UNCOMPRESSED:
                return in;
            case SNAPPY:
                return Snappy.compress(in);
            case ZSTD:
                return Zstd.compress(in, ZSTD_LEVEL);
            case GZIP: {
                ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 64);
                try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                    gz.write(in);
                }
                return out.toByteArray();
            }
            case LZ4_RAW:
                return LZ4Factory.fastestInstance().fastCompressor().compress(in);
            default:
                throw unsupported(codec);
        }
    }

    static byte[] decompress(CompressionCodecName codec, byte[] in, int size) throws IOException {
        return decompress(codec, in, 0, in.length, size);
    }

    /** Decompresses {@code in[off, off + len)}, a page of {@code size} bytes when decompressed. */
    static byte[] decompress(CompressionCodecName codec, byte[] in, int off, int len, int size) throws IOException {
        byte[] out;
        switch (codec) {
            case UNCOMPRESSED:
                out = off == 0 && len == in.length ? in : Arrays.copyOfRange(in, off, off + len);
                break;
            case SNAPPY:
                out = new byte[size];
                int n = Snappy.uncompress(in, off, len, out, 0);
                if (n != size) {
                    throw new IOException("snappy page holds " + n + " bytes, the page header says " + size);
                }
                break;
            case ZSTD:
                out = new byte[size];
                long z = Zstd.decompressByteArray(out, 0, size, in, off, len);
                if (Zstd.isError(z)) {
                    throw new IOException("zstd page does not decompress: " + Zstd.getErrorName(z));
                }
                if (z != size) {
                    throw new IOException("zstd page holds " + z + " bytes, the page header says " + size);
                }
                break;
            case GZIP:
                out = readFully(new GZIPInputStream(new ByteArrayInputStream(in, off, len)), size);
                break;
            case LZ4_RAW:
                out = new byte[size];
                int m = LZ4Factory.fastestInstance().safeDecompressor().decompress(in, off, len, out, 0, size);
                if (m != size) {
                    throw new IOException("lz4 page holds " + m + " bytes, the page header says " + size);
                }
                break;
            default:
                throw unsupported(codec);
        }
        if (out.length != size) {
            throw new IOException(codec + " page holds " + out.length + " bytes, the page header says " + size);
        }
        return out;
    }

    private static byte[] readFully(InputStream in, int size) throws IOException {
        try (in) {
            byte[] out = in.readNBytes(size);
            if (in.read() != -1) {
                throw new IOException("gzip page holds more than the " + size + " bytes its header says");
            }
            return out;
        }
    }

    private static IOException unsupported(CompressionCodecName codec) {
        return new IOException("Parquet codec " + codec + " is not supported (supported: UNCOMPRESSED, SNAPPY, ZSTD,"
                + " GZIP, LZ4_RAW); rewrite the file with one of those");
    }

    private record Compressor(CompressionCodecName codec) implements BytesInputCompressor {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            return BytesInput.from(PlainCodecs.compress(codec, bytes.toByteArray()));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {
        }
    }

    private record Decompressor(CompressionCodecName codec) implements BytesInputDecompressor {
        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            // a page read from a heap buffer is decompressed where it lies, not copied out first
            ByteBuffer in = bytes.toByteBuffer();
            if (in.hasArray()) {
                return BytesInput.from(PlainCodecs.decompress(codec, in.array(), in.arrayOffset() + in.position(),
                        in.remaining(), decompressedSize));
            }
            return BytesInput.from(PlainCodecs.decompress(codec, bytes.toByteArray(), decompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(PlainCodecs.decompress(codec, in, decompressedSize));
        }

        @Override
        public void release() {
        }
    }
}

package org.mmu.io.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page decompression for reading: Snappy (what we write) and uncompressed pages directly through
 * snappy-java, every other codec through parquet-mr's own factory, made on first need. parquet-mr
 * instantiates its Snappy codec through Hadoop's {@code ReflectionUtils}, whose first use loads
 * {@code JobConf} and parses Hadoop's default XML configuration: about 0.2 s of CPU in every
 * process that opens a Parquet file, a tenth of a whole {@code mmu xmatch} at 10⁶ objects.
 */
final class PageCodecs implements CompressionCodecFactory {
    static final PageCodecs INSTANCE = new PageCodecs();

    private volatile CompressionCodecFactory others;

    private PageCodecs() {
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return others().getCompressor(codec);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case SNAPPY -> SNAPPY;
            case UNCOMPRESSED -> NONE;
            default -> others().getDecompressor(codec);
        };
    }

    @Override
    public void release() {
        // stateless; parquet-mr's factory, when made, lives as long as the process
    }

    private CompressionCodecFactory others() {
        CompressionCodecFactory f = others;
        if (f == null) {
            synchronized (this) {
                if (others == null) {
                    others = ParquetReadOptions.builder(new PlainParquetConfiguration()).build().getCodecFactory();
                }
                f = others;
            }
        }
        return f;
    }

    private static final BytesInputDecompressor NONE = new BytesInputDecompressor() {
        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) {
            return bytes;
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
            ByteBuffer in = input.duplicate();
            in.limit(in.position() + compressedSize);
            output.put(in);
        }

        @Override
        public void release() {
        }
    };

    private static final BytesInputDecompressor SNAPPY = new BytesInputDecompressor() {
        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            byte[] in = bytes.toByteArray();
            byte[] out = new byte[uncompressedSize];
            int n = Snappy.uncompress(in, 0, in.length, out, 0);
            if (n != uncompressedSize) {
                throw new IOException("a Snappy page decompressed to " + n + " bytes, its header says " + uncompressedSize);
            }
            return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.duplicate().get(in);
            byte[] out = new byte[uncompressedSize];
            int n = Snappy.uncompress(in, 0, compressedSize, out, 0);
            if (n != uncompressedSize) {
                throw new IOException("a Snappy page decompressed to " + n + " bytes, its header says " + uncompressedSize);
            }
            output.put(out);
        }

        @Override
        public void release() {
        }
    };
}

package org.mmu.io.parquet;

import java.lang.reflect.Constructor;
import java.util.Map;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.crypto.FileDecryptionProperties;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetMetricsCallback;

/**
 * {@link ParquetReadOptions} without Hadoop on the classpath.
 *
 * <p>Why not {@code ParquetReadOptions.builder(conf)}: in parquet-hadoop 1.18 the builder's
 * constructor always creates parquet's Hadoop-backed {@code CodecFactory} (even when
 * {@code withCodecFactory} replaces it a line later), and that class cannot be loaded without
 * hadoop-common; the options' constructors are package-private. So this class calls that
 * constructor reflectively, with the builder's defaults and {@link PlainCodecs}. A parquet
 * upgrade that changes the constructor fails here, loudly, on the first read of any test.
 */
final class PlainReadOptions {
    private static final int MAX_ALLOCATION_BYTES = 8 * 1024 * 1024;   // the builder's default
    private static final Constructor<ParquetReadOptions> CONSTRUCTOR = constructor();

    private PlainReadOptions() {
    }

    /** Read options as parquet's builder defaults (all filters on), page CRCs verified, our codecs, no Hadoop. */
    static ParquetReadOptions create() {
        ParquetConfiguration conf = new PlainParquetConfiguration();
        try {
            return CONSTRUCTOR.newInstance(
                    false,  // useSignedStringMinMax
                    true,   // useStatsFilter
                    true,   // useDictionaryFilter
                    true,   // useRecordFilter
                    true,   // useColumnIndexFilter
                    true,   // usePageChecksumVerification: pages with a CRC are verified as read
                    true,   // useBloomFilter
                    false,  // useOffHeapDecryptBuffer
                    true,   // useHadoopVectoredIo: our InputFile implements readVectored
                    FilterCompat.NOOP,
                    ParquetMetadataConverter.NO_FILTER,
                    PlainCodecs.INSTANCE,
                    new HeapByteBufferAllocator(),
                    MAX_ALLOCATION_BYTES,
                    Map.of(),
                    null,   // no decryption
                    null,   // no metrics callback
                    conf);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create Parquet read options", e);
        }
    }

    private static Constructor<ParquetReadOptions> constructor() {
        try {
            Constructor<ParquetReadOptions> c = ParquetReadOptions.class.getDeclaredConstructor(
                    boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class,
                    boolean.class, boolean.class, boolean.class, FilterCompat.Filter.class,
                    ParquetMetadataConverter.MetadataFilter.class, CompressionCodecFactory.class,
                    ByteBufferAllocator.class, int.class, Map.class, FileDecryptionProperties.class,
                    ParquetMetricsCallback.class, ParquetConfiguration.class);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this parquet-hadoop version has no ParquetReadOptions constructor of"
                    + " 1.18's shape; PlainReadOptions must follow the new one", e);
        }
    }
}

package dev.trawl.reducers.manifest;

import dev.trawl.round.RoundConf;
import dev.trawl.schema.ManifestRecord;
import java.io.IOException;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * The manifest's columnar copy: the same {@link ManifestRecord}s as the Avro files, written by
 * parquet-avro into {@code manifest-parquet/round=NNNN}, a folder of its own because a Hive table
 * reads every file of its partition folders in its one format. Engines that bill or wait by bytes
 * read (Athena, Spark) then read only the columns a query names.
 */
public final class ParquetManifest {
  /**
   * Row groups are buffered in the reducer's heap until full: 64 MiB keeps that well inside a
   * reduce container while still large enough for Athena and Spark to skip column chunks.
   */
  static final int ROW_GROUP_BYTES = 64 * 1024 * 1024;

  private ParquetManifest() {}

  /**
   * A writer of manifest records to a new file. Snappy: what every engine reading Parquet decodes
   * (Hive 3.1 on EMR, Athena, Spark) and cheap on the reducer's CPU.
   */
  public static ParquetWriter<ManifestRecord> create(Path file, Configuration conf) throws IOException {
    return AvroParquetWriter.<ManifestRecord>builder(HadoopOutputFile.fromPath(file, conf))
        .withSchema(ManifestRecord.getClassSchema())
        .withDataModel(SpecificData.get())
        .withConf(conf)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withRowGroupSize(ROW_GROUP_BYTES)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .build();
  }
}

package dev.trawl.mappers.queue;

import dev.trawl.schema.FrontierEntry;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import dev.trawl.mappers.output.StorageFault;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Frontier entries a fetch task holds on local disk instead of in its heap: an append-only scratch
 * file of runs, each run a host's entries in order, read back a few at a time as the host's turns
 * come. It lives in the task's temporary folder (a YARN container's own tmp), is not output, and is
 * deleted when the task closes it. Failures to write or read it are storage faults: they fail the
 * task, so Hadoop retries the attempt, rather than losing URLs.
 */
final class SpillFile implements Closeable {
  /** Bytes read per refill: a handful of entries, so a host in rotation holds little heap. */
  private static final int READ_BYTES = 4096;

  /** Where a run of entries lies: {@code count} entries from {@code offset}. */
  static final class Run {
    long offset;
    int count;

    Run(long offset, int count) {
      this.offset = offset;
      this.count = count;
    }
  }

  private final Path path;
  private final FileChannel channel;
  private final SpecificDatumWriter<FrontierEntry> writer = new SpecificDatumWriter<>(FrontierEntry.class);
  private final SpecificDatumReader<FrontierEntry> reader = new SpecificDatumReader<>(FrontierEntry.class);
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
  private BinaryEncoder encoder;
  private BinaryDecoder decoder;
  private long end;
  private long bytesWritten;

  SpillFile(Path dir) {
    try {
      this.path = Files.createTempFile(dir, "trawl-frontier", ".spill");
      this.channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
          StandardOpenOption.DELETE_ON_CLOSE);
    } catch (IOException e) {
      throw new StorageFault("cannot create the fetch task's spill file in " + dir, e);
    }
  }

  /** Appends entries as one run; returns where it lies. */
  Run append(List<FrontierEntry> entries) {
    buffer.reset();
    encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
    try {
      for (FrontierEntry e : entries) {
        writer.write(e, encoder);
      }
      encoder.flush();
      ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
      long offset = end;
      while (bytes.hasRemaining()) {
        end += channel.write(bytes, end);
      }
      bytesWritten += end - offset;
      return new Run(offset, entries.size());
    } catch (IOException e) {
      throw new StorageFault("cannot write the fetch task's spill file " + path, e);
    }
  }

  /** Moves up to {@code max} entries from the front of {@code run} into {@code into}, advancing the run. */
  void read(Run run, int max, java.util.Deque<FrontierEntry> into) {
    try {
      int want = Math.min(max, run.count);
      int size = READ_BYTES;
      while (true) {
        ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(size, end - run.offset));
        while (bytes.hasRemaining()) {
          if (channel.read(bytes, run.offset + bytes.position()) < 0) {
            break;
          }
        }
        decoder = DecoderFactory.get().binaryDecoder(bytes.array(), 0, bytes.position(), decoder);
        int got = 0;
        long consumed = 0;
        // Decode whole entries only: an entry cut off at the buffer's end is read again next time.
        while (got < want) {
          FrontierEntry e;
          try {
            e = reader.read(null, decoder);
          } catch (IOException | RuntimeException cutOff) {
            break;
          }
          into.addLast(e);
          got++;
          consumed = bytes.position() - decoder.inputStream().available();
        }
        if (got > 0) {
          run.offset += consumed;
          run.count -= got;
          return;
        }
        if (size >= end - run.offset) {
          throw new IOException("spill run at " + run.offset + " holds no readable entry");
        }
        size *= 4;
      }
    } catch (IOException e) {
      throw new StorageFault("cannot read the fetch task's spill file " + path, e);
    }
  }

  /** Bytes written so far, for the task's figures. */
  long bytesWritten() { return bytesWritten; }

  @Override
  public void close() throws IOException {
    channel.close();
    Files.deleteIfExists(path);
  }
}

package dev.trawl.jobs.s3;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Put-if-absent on S3: a PUT with {@code If-None-Match: *}, which S3 has honoured since August 2024
 * (412 when the key exists, 409 when another such PUT of the key is under way). S3A's own
 * {@code create(path, false)} only looks first (a HEAD, then the PUT), so two processes can both
 * "create" one object; Hadoop 3.4.1, which EMR 7 ships, has no conditional create (HADOOP-19256 came
 * later). So the request goes through the S3 client S3A itself built for the crawl root: same
 * endpoint, region, credentials and retry policy as every other request of the crawl.
 */
public final class S3ConditionalPut {
  private S3ConditionalPut() {}

  /** Writes {@code bytes} at {@code path} unless an object is there; false if one was (or was being written). */
  public static boolean createIfAbsent(FileSystem fs, Path path, byte[] bytes) throws IOException {
    return put(fs, path, bytes, true);
  }

  /** Writes {@code bytes} at {@code path}, replacing any object there, in one request. */
  public static void replace(FileSystem fs, Path path, byte[] bytes) throws IOException {
    put(fs, path, bytes, false);
  }

  private static boolean put(FileSystem fs, Path path, byte[] bytes, boolean ifAbsent) throws IOException {
    S3AFileSystem s3a = (S3AFileSystem) fs;
    S3Client client = s3a.getS3AInternals().getAmazonS3Client("trawl writer lease");
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(s3a.getBucket())
        .key(s3a.pathToKey(fs.makeQualified(path))).contentType("application/json");
    if (ifAbsent) {
      request.ifNoneMatch("*");
    }
    try {
      client.putObject(request.build(), RequestBody.fromBytes(bytes));
      return true;
    } catch (S3Exception e) {
      if (ifAbsent && (e.statusCode() == 412 || e.statusCode() == 409)) {
        return false;
      }
      throw new IOException("S3 refused to write " + path + " (HTTP " + e.statusCode() + ": "
          + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()) + ")", e);
    } catch (SdkException e) {
      throw new IOException("could not write " + path + " to S3: " + e.getMessage(), e);
    }
  }
}

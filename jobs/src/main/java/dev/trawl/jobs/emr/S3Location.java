package dev.trawl.jobs.emr;

import java.net.URI;

/** An S3 object or prefix named as s3://bucket/key (s3a:// accepted: the same object). */
public record S3Location(String bucket, String key) {
  public static boolean isS3(String uri) {
    return uri.startsWith("s3://") || uri.startsWith("s3a://");
  }

  public static S3Location parse(String uri) {
    if (!isS3(uri)) {
      throw new IllegalArgumentException("'" + uri + "' is not an S3 location: write s3://BUCKET/key");
    }
    URI u = URI.create(uri);
    if (u.getAuthority() == null || u.getAuthority().isEmpty()) {
      throw new IllegalArgumentException("'" + uri + "' names no bucket: write s3://BUCKET/key");
    }
    String key = u.getPath() == null ? "" : u.getPath().replaceFirst("^/+", "").replaceFirst("/+$", "");
    return new S3Location(u.getAuthority(), key);
  }

  /** The object or prefix {@code relative} below this one. */
  public S3Location resolve(String relative) {
    return new S3Location(bucket, key.isEmpty() ? relative : key + "/" + relative);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}

package dev.trawl.jobs.emr;

import dev.trawl.jobs.store.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Puts the local files a submit names (the job jar, a seed list) on S3, where the cluster can read
 * them: under the crawl root's {@code _staging/}, named by content, so submitting again uploads
 * nothing new and a step always runs the exact jar it was submitted with.
 */
public final class Staging {
  private final S3Client s3;
  private final S3Location stage;
  private final PrintStream out;

  /** @param s3 null for a dry run: say what would be uploaded, upload nothing */
  public Staging(S3Client s3, S3Location stage, PrintStream out) {
    this.s3 = s3;
    this.stage = stage;
    this.out = out;
  }

  /** An s3:// location as given, or where the local file {@code pathOrUri} is (or would be) uploaded. */
  public String place(String pathOrUri, String what) throws IOException {
    if (S3Location.isS3(pathOrUri)) {
      return pathOrUri.replaceFirst("^s3a://", "s3://");
    }
    Path file = Path.of(pathOrUri);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(what + " " + pathOrUri + " is neither an s3:// location nor a local file"
          + (what.equals("--jar") ? " (build it with: mvn -B -q -DskipTests package)" : ""));
    }
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    String base = dot < 0 ? name : name.substring(0, dot);
    String ext = dot < 0 ? "" : name.substring(dot);
    S3Location target = stage.resolve(base + "-" + sha256(file, 12) + ext);
    if (s3 == null) {
      out.printf("dry run: would upload %s (%,d bytes) to %s%n", file, Files.size(file), target);
    } else if (exists(target)) {
      out.printf("%s is already at %s%n", file, target);
    } else {
      out.printf("uploading %s (%,d bytes) to %s%n", file, Files.size(file), target);
      s3.putObject(b -> b.bucket(target.bucket()).key(target.key()), RequestBody.fromFile(file));
    }
    return target.toString();
  }

  private boolean exists(S3Location object) {
    try {
      s3.headObject(b -> b.bucket(object.bucket()).key(object.key()));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private static String sha256(Path file, int chars) throws IOException {
    MessageDigest sha = ContentHash.sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return ContentHash.hex(sha, chars);
  }
}

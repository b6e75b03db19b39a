package dev.trawl.jobs.s3;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Proves a crawl root on S3 usable before anything is written or a job submitted: the bucket
 * exists, credentials were found and are accepted. S3A checks none of this when it starts (it
 * would only fail in the middle of a round), and retries for minutes on an unreachable endpoint.
 */
public final class S3RootCheck {
  private S3RootCheck() {}

  /** Throws {@link IllegalArgumentException} naming the problem and what to do about it. */
  public static void probe(Path root, Configuration conf) throws IOException {
    Configuration quick = new Configuration(conf);
    // One attempt, fast: a probe that waits minutes on a wrong endpoint is no early check.
    quick.setInt("fs.s3a.attempts.maximum", 1);
    quick.setInt("fs.s3a.retry.limit", 1);
    quick.set("fs.s3a.retry.interval", "200ms");
    String bucket = root.toUri().getAuthority();
    try (FileSystem fs = FileSystem.newInstance(root.toUri(), quick)) {
      fs.getFileStatus(root);
    } catch (FileNotFoundException fine) {
      // The bucket answers and lets us look; the crawl root is simply not there yet.
    } catch (AccessDeniedException e) {
      if (noCredentials(e)) {
        throw new IllegalArgumentException("no AWS credentials found for " + root + ": set AWS_ACCESS_KEY_ID and "
            + "AWS_SECRET_ACCESS_KEY (or fs.s3a.access.key and fs.s3a.secret.key), or run on EMR with an instance "
            + "profile (credential providers tried: " + conf.get("fs.s3a.aws.credentials.provider", "S3A's default chain")
            + ")", e);
      }
      throw new IllegalArgumentException("S3 refused access to " + root + " (" + firstLine(e) + "): check the "
          + "credentials, and that they may list and read s3://" + bucket + " (see emr-bootstrap/iam-policy.json)", e);
    } catch (IOException e) {
      if (e.getClass().getName().equals("org.apache.hadoop.fs.s3a.UnknownStoreException")) {
        throw new IllegalArgumentException("bucket '" + bucket + "' does not exist (or not at "
            + endpoint(conf) + "): create it first, e.g. 'aws s3 mb s3://" + bucket + "', or correct --crawl", e);
      }
      throw new IllegalArgumentException("cannot reach S3 at " + endpoint(conf) + " for " + root + " ("
          + rootCause(e) + ")", e);
    }
  }

  private static boolean noCredentials(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (name.endsWith("NoAwsCredentialsException") || name.endsWith("NoAuthWithAWSException")
          || name.endsWith("CredentialInitializationException") || message.contains("no aws credentials")) {
        return true;
      }
    }
    return false;
  }

  private static String endpoint(Configuration conf) {
    String endpoint = conf.getTrimmed("fs.s3a.endpoint", "");
    return endpoint.isEmpty() ? "the AWS endpoint of region " + conf.get("fs.s3a.endpoint.region", "(default)") : endpoint;
  }

  /** The innest message: "Connection refused" says more than five layers of SDK wrapping. */
  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + firstLine(t);
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}

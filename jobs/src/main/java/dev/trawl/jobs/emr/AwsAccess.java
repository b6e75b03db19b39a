package dev.trawl.jobs.emr;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where and as whom the {@code emr} commands talk to AWS: the SDK's default chains for region and
 * credentials (environment, profile files, instance profile), each overridable by a flag. Both
 * are resolved before any request, so a missing one is reported as such and not as a failed call.
 */
public record AwsAccess(String region, String profile, URI emrEndpoint, URI s3Endpoint) {
  /** The region: --region, else the profile's, else the SDK's default chain. */
  public Region resolveRegion() {
    if (region != null) {
      return Region.of(region);
    }
    try {
      return profile != null ? new AwsProfileRegionProvider(null, profile).getRegion()
          : DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      throw new IllegalArgumentException("no AWS region: pass --region (e.g. --region us-east-1), set AWS_REGION, "
          + "or give the profile a region ('aws configure')", e);
    }
  }

  /** Credentials, resolved now: --profile, else the SDK's default chain. */
  public AwsCredentialsProvider credentials() {
    AwsCredentialsProvider provider = profile != null
        ? ProfileCredentialsProvider.create(profile) : DefaultCredentialsProvider.builder().build();
    try {
      provider.resolveCredentials();
    } catch (SdkClientException e) {
      throw new IllegalArgumentException("no AWS credentials found" + (profile != null ? " for profile '" + profile + "'" : "")
          + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run 'aws configure' (or 'aws sso login'), "
          + "or pass --profile NAME", e);
    }
    return provider;
  }

  public EmrClient emr() {
    var b = EmrClient.builder().region(resolveRegion()).credentialsProvider(credentials());
    if (emrEndpoint != null) {
      b.endpointOverride(emrEndpoint);
    }
    return b.build();
  }

  /**
   * A client that signs nothing and sends nothing: {@code interceptor} takes each marshalled request
   * and stops it, for --dry-run. Needs no credentials.
   */
  public EmrClient dryRunEmr(ExecutionInterceptor interceptor) {
    Region r;
    try {
      r = resolveRegion();
    } catch (IllegalArgumentException noRegion) {
      r = Region.US_EAST_1;
    }
    var b = EmrClient.builder().region(r).credentialsProvider(AnonymousCredentialsProvider.create())
        .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(interceptor).build());
    if (emrEndpoint != null) {
      b.endpointOverride(emrEndpoint);
    }
    return b.build();
  }

  public S3Client s3() {
    var b = S3Client.builder().region(resolveRegion()).credentialsProvider(credentials());
    if (s3Endpoint != null) {
      // An S3-compatible endpoint (tests, MinIO) serves buckets as paths, not host names.
      b.endpointOverride(s3Endpoint).forcePathStyle(true);
    }
    return b.build();
  }
}

package dev.trawl.jobs.emr;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What an AWS failure means for the person at the terminal, and what to do about it. */
public final class EmrErrors {
  private EmrErrors() {}

  public static String explain(AwsServiceException e, String region) {
    String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
    String service = e.awsErrorDetails() == null || e.awsErrorDetails().serviceName() == null ? "AWS"
        : e.awsErrorDetails().serviceName().toUpperCase(java.util.Locale.ROOT);
    String what = switch (code == null ? "" : code) {
      case "InvalidRequestException", "ResourceNotFoundException" ->
          "check the cluster id ('aws emr list-clusters --active') and the region (" + region + ")";
      case "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "SlowDown" ->
          "AWS is limiting request rates and the retries ran out: wait a minute and run the same command again";
      case "AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "InvalidSignatureException",
           "ExpiredTokenException", "InvalidAccessKeyId", "SignatureDoesNotMatch" ->
          "check the credentials and their permissions (emr-bootstrap/iam-policy.json lists what trawl needs)";
      case "ValidationException" -> "the request was not accepted as written; check the flags";
      default -> "see the message above";
    };
    return service + " refused the request: " + message + " (" + code + ", HTTP " + e.statusCode() + "): " + what;
  }

  public static String explain(SdkClientException e) {
    return "could not reach AWS: " + e.getMessage() + ": check the network, the region and any --endpoint";
  }
}

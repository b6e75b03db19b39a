package dev.trawl.jobs.emr;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * For --dry-run: takes each request exactly as the SDK marshalled it (the X-Amz-Target and the JSON
 * body EMR would receive) and stops it before it is sent.
 */
public final class RequestCapture implements ExecutionInterceptor {
  /** One request that was not sent. */
  public record Captured(String target, java.net.URI uri, String body) {}

  /** Thrown to stop a captured request; {@link #call} expects it. */
  private static final class NotSent extends RuntimeException {
    NotSent() {
      super("dry run: not sent", null, false, false);
    }
  }

  private final List<Captured> captured = new ArrayList<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String body = context.requestBody().map(b -> {
      try (InputStream in = b.contentStreamProvider().newStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).orElse("");
    captured.add(new Captured(context.httpRequest().firstMatchingHeader("X-Amz-Target").orElse(""),
        context.httpRequest().getUri(), body));
    throw new NotSent();
  }

  /** Runs a client call that this capture stops, and returns what it would have sent. */
  public Captured call(Runnable call) {
    int before = captured.size();
    try {
      call.run();
    } catch (RuntimeException e) {
      if (captured.size() == before) {
        throw e;
      }
    }
    if (captured.size() == before) {
      throw new IllegalStateException("the dry-run client sent a request it should have stopped");
    }
    return captured.get(captured.size() - 1);
  }
}

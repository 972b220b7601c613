package io.partita.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import io.partita.config.LineageSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends OpenLineage events through the configured transport on one background thread, in the order
 * they were emitted. A failure never reaches the caller: each event is tried {@link #ATTEMPTS}
 * times with backoff, then logged and counted in {@link #failures()}. Thread-safe.
 */
public final class LineageEmitter implements AutoCloseable {
  static final int ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(LineageEmitter.class);

  private final Transport transport;
  private final long backoffMillis;
  private final ExecutorService sender;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  LineageEmitter(Transport transport, long backoffMillis) {
    this.transport = transport;
    this.backoffMillis = backoffMillis;
    this.sender =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "partita-lineage");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** The emitter for a project's {@code lineage:} settings; {@code none} emits nothing. */
  public static LineageEmitter of(LineageSettings settings, Path projectDir) {
    return new LineageEmitter(transport(settings, projectDir), 200);
  }

  private static Transport transport(LineageSettings settings, Path projectDir) {
    switch (settings.transport()) {
      case FILE -> {
        Path file = projectDir.resolve(settings.path()).toAbsolutePath().normalize();
        try {
          Files.createDirectories(file.getParent());
        } catch (IOException e) {
          LOG.warn("Cannot create {}: lineage events will fail", file.getParent(), e);
        }
        return new FileTransport(new FileConfig(file.toString()));
      }
      case HTTP -> {
        HttpConfig config = new HttpConfig();
        config.setUrl(URI.create(settings.url().orElseThrow()));
        config.setTimeoutInMillis(5_000);
        settings
            .apiKey()
            .ifPresent(
                key -> {
                  ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
                  auth.setApiKey(key);
                  config.setAuth(auth);
                });
        return new HttpTransport(config);
      }
      default -> {
        return new NoTransport();
      }
    }
  }

  /** Queues the event; returns at once. */
  public void emit(OpenLineage.RunEvent event) {
    try {
      sender.execute(() -> send(event));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      failures.incrementAndGet();
      LOG.warn("Lineage event dropped: the emitter is closed");
    }
  }

  private void send(OpenLineage.RunEvent event) {
    for (int attempt = 1; ; attempt++) {
      try {
        transport.emit(event);
        sent.incrementAndGet();
        return;
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS) {
          failures.incrementAndGet();
          LOG.warn(
              "Could not emit the OpenLineage {} event of {} after {} attempts: {}",
              event.getEventType(),
              event.getJob().getName(),
              attempt,
              e.toString());
          return;
        }
        try {
          Thread.sleep(backoffMillis << (attempt - 1));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          failures.incrementAndGet();
          return;
        }
      }
    }
  }

  /** Events delivered so far. */
  public long sent() {
    return sent.get();
  }

  /** Events given up on after their retries. */
  public long failures() {
    return failures.get();
  }

  /** Sends what is queued (waiting at most 30 s), then closes the transport. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("Lineage events still queued after 30 s were dropped");
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      transport.close();
    } catch (Exception e) {
      LOG.debug("Closing the lineage transport failed", e);
    }
  }

  /** {@code transport: none}. */
  private static final class NoTransport extends Transport {
    @Override
    public void emit(OpenLineage.RunEvent event) {}

    @Override
    public void emit(OpenLineage.DatasetEvent event) {}

    @Override
    public void emit(OpenLineage.JobEvent event) {}
  }
}

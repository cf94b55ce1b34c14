package dev.rollouttest.probe;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/** A running {@link HttpProbe}: {@link #stop()} ends it and returns the {@link ProbeResult}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class HttpProbing implements AutoCloseable {

  /** One request: when it was sent (since the start), how long it took, and its status or error. */
  record Sample(long sentNanos, long latencyNanos, int status, @Nullable String error) {
    boolean success() {
      return error == null && status < 500;
    }
  }

  private final HttpProbe probe;
  private final Supplier<CompletableFuture<Integer>> send;
  private final Consumer<String> transitions;
  private final long start = System.nanoTime();
  // the System.nanoTime() reading the result's series is timed from
  private long clockZero = start;
  private final ScheduledExecutorService ticker;
  private final List<Sample> samples = new ArrayList<>();
  private final List<CompletableFuture<?>> inFlight = new ArrayList<>();
  private final java.util.Map<Long, Sample> pending = new java.util.HashMap<>();
  private long sequences;
  private long nextInOrder;
  private boolean failing;
  private long failingSince;
  private @Nullable ProbeResult result;
  private long baselineNanos = -1;
  private long discarded;

  private HttpProbing(
      HttpProbe probe, Supplier<CompletableFuture<Integer>> send, Consumer<String> transitions) {
    this.probe = probe;
    this.send = send;
    this.transitions = transitions == null ? t -> {} : transitions;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rollout-test-http-probe");
              t.setDaemon(true);
              return t;
            });
  }

  static HttpProbing start(
      HttpProbe probe, Supplier<CompletableFuture<Integer>> send, Consumer<String> transitions) {
    HttpProbing probing = new HttpProbing(probe, send, transitions);
    long period = probe.interval().toNanos();
    probing.ticker.scheduleAtFixedRate(probing::tick, 0, period, TimeUnit.NANOSECONDS);
    return probing;
  }

  static Supplier<CompletableFuture<Integer>> viaJdk(URI url, Duration timeout) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
    return () ->
        client
            .sendAsync(request, HttpResponse.BodyHandlers.discarding())
            .thenApply(HttpResponse::statusCode);
  }

  /** Threads for requests on new connections; each request ends within its timeout. */
  private static final java.util.concurrent.ExecutorService CONNECTIONS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "rollout-test-http-probe-connection");
            t.setDaemon(true);
            return t;
          });

  /**
   * One new TCP connection per request ({@code Connection: close}), as a client that does not keep
   * connections alive: every request goes through the Service's load balancing afresh. Failures are
   * told apart: {@code connection refused}, {@code connection reset}, {@code connect timeout} (no
   * answer to the SYN: the endpoint's network is gone), {@code answer timeout} (connected, no
   * answer in time), {@code closed without an answer}, {@code no route to host}.
   */
  static Supplier<CompletableFuture<Integer>> viaNewConnections(
      String host, int port, String path, Duration timeout) {
    java.net.InetSocketAddress address = new java.net.InetSocketAddress(host, port);
    byte[] request =
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + ":"
                + port
                + "\r\nUser-Agent: rollout-test\r\nConnection: close\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int millis = (int) Math.max(1, timeout.toMillis());
    return () ->
        CompletableFuture.supplyAsync(
            () -> {
              long deadline = System.nanoTime() + timeout.toNanos();
              try (java.net.Socket socket = new java.net.Socket()) {
                try {
                  socket.connect(address, millis);
                } catch (java.net.SocketTimeoutException e) {
                  throw new CompletionException(new ProbeFailure("connect timeout"));
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left < 1) {
                  throw new CompletionException(new ProbeFailure("answer timeout"));
                }
                socket.setSoTimeout((int) left);
                socket.getOutputStream().write(request);
                java.io.InputStream in = socket.getInputStream();
                StringBuilder statusLine = new StringBuilder();
                int c;
                while ((c = in.read()) != -1 && c != '\n' && statusLine.length() < 200) {
                  statusLine.append((char) c);
                }
                String[] parts = statusLine.toString().split(" ");
                if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                  throw new CompletionException(new ProbeFailure("closed without an answer"));
                }
                byte[] drain = new byte[4096];
                while (in.read(drain) != -1) {
                  // read to the end: a pod that dies mid-answer is a failure too
                }
                return Integer.parseInt(parts[1].strip());
              } catch (java.net.SocketTimeoutException e) {
                throw new CompletionException(new ProbeFailure("answer timeout"));
              } catch (java.net.NoRouteToHostException e) {
                throw new CompletionException(new ProbeFailure("no route to host"));
              } catch (java.io.IOException | NumberFormatException e) {
                throw new CompletionException(e);
              }
            },
            CONNECTIONS);
  }

  /** A failure already classified. */
  static final class ProbeFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ProbeFailure(String kind) {
      super(kind, null, false, false);
    }
  }

  static Supplier<CompletableFuture<Integer>> viaKubernetesClient(
      KubernetesClient client, String url, Duration timeout) {
    io.fabric8.kubernetes.client.http.HttpClient http = client.getHttpClient();
    return () ->
        http.sendAsync(
                http.newHttpRequestBuilder()
                    .uri(url)
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .build(),
                byte[].class)
            .thenApply(io.fabric8.kubernetes.client.http.HttpResponse::code)
            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    long sequence;
    synchronized (this) {
      sequence = sequences++;
    }
    long sent = System.nanoTime();
    CompletableFuture<Integer> answer;
    try {
      answer = send.get();
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<?> done =
        answer.handle(
            (status, error) -> {
              long latency = System.nanoTime() - sent;
              Sample sample =
                  error == null
                      ? new Sample(sent - start, latency, status, null)
                      : new Sample(sent - start, latency, 0, kind(error));
              add(sequence, sample);
              return null;
            });
    synchronized (this) {
      inFlight.removeIf(CompletableFuture::isDone);
      inFlight.add(done);
    }
  }

  /**
   * Answers may arrive out of order; transitions are decided in the order the requests were sent.
   */
  private void add(long sequence, Sample answered) {
    List<String> told = new ArrayList<>();
    synchronized (this) {
      if (result != null) {
        return;
      }
      if (answered.sentNanos() < baselineNanos) {
        discarded++;
        return;
      }
      samples.add(answered);
      if (answered.success()) {
        notifyAll();
      }
      pending.put(sequence, answered);
      while (pending.containsKey(nextInOrder)) {
        String transition =
            transition(java.util.Objects.requireNonNull(pending.remove(nextInOrder++)));
        if (transition != null) {
          told.add(transition);
        }
      }
    }
    told.forEach(transitions);
  }

  private @Nullable String transition(Sample sample) {
    @Nullable String transition = null;
    {
      if (!sample.success() && !failing) {
        failing = true;
        failingSince = sample.sentNanos();
        transition = "HTTP probe failing: " + describe(sample);
      } else if (sample.success() && failing) {
        failing = false;
        transition =
            String.format(
                java.util.Locale.ROOT,
                "HTTP probe succeeds again (%d after %.3fs of failures)",
                sample.status(),
                (sample.sentNanos() - failingSince) / 1e9);
      }
    }
    return transition;
  }

  static String describe(Sample sample) {
    return sample.error() != null
        ? sample.error()
        : sample.status() + " (" + sample.status() / 100 + "xx)";
  }

  /**
   * What kind of failure an exception is: connection refused, timeout, or its class and message.
   */
  static String kind(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException
            || e instanceof java.util.concurrent.ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof ProbeFailure) {
      return String.valueOf(e.getMessage());
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
      return "timeout";
    }
    if (e instanceof java.io.IOException
        && e.getMessage() != null
        && e.getMessage().contains("reset")) {
      return "connection reset";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** How many requests have been answered or have failed since the start or the baseline. */
  public synchronized int sentSoFar() {
    return samples.size();
  }

  /**
   * Waits until a request has succeeded, then counts from that moment: what failed before (a
   * Service whose rules kube-proxy has not written yet, say) is the state before the change, not
   * the change's doing.
   *
   * @return false when no request succeeded within {@code timeout}; nothing is discarded then
   */
  public synchronized boolean awaitServing(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (samples.stream().noneMatch(Sample::success)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    baselineNanos = System.nanoTime() - start;
    discarded += samples.size();
    samples.clear();
    return true;
  }

  /**
   * Times the result's {@link ProbeResult#series() series} from {@code zeroNanos}, a {@link
   * System#nanoTime()} reading: the start of the recording this probing runs alongside, so that its
   * buckets line up with the recording's moments. Without it, the series is timed from the
   * probing's own start.
   *
   * @return this probing
   */
  @API(status = API.Status.INTERNAL, since = "0.1")
  public synchronized HttpProbing timedFrom(long zeroNanos) {
    this.clockZero = zeroNanos;
    return this;
  }

  /**
   * Stops sending, waits for the requests in flight (up to the request timeout), and sums up; later
   * calls return the same result.
   */
  public ProbeResult stop() {
    ticker.shutdown();
    try {
      ticker.awaitTermination(probe.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<CompletableFuture<?>> waiting;
    synchronized (this) {
      if (result != null) {
        return result;
      }
      waiting = List.copyOf(inFlight);
    }
    try {
      CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new))
          .get(probe.requestTimeoutMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // requests that never answer count as not sent
    }
    synchronized (this) {
      long end = System.nanoTime() - start;
      result = ProbeResult.of(probe, samples, Math.max(0, baselineNanos), end, start - clockZero);
      if (discarded > 0) {
        transitions.accept(
            "HTTP probe: "
                + discarded
                + " request(s) sent before the target first answered were not counted");
      }
      return result;
    }
  }

  /** Stops the probing as {@link #stop()} does, for try-with-resources. */
  @Override
  public void close() {
    stop();
  }
}

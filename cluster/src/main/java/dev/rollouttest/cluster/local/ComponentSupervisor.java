package dev.rollouttest.cluster.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's processes: starts them in order under a {@link ProcessWatchdog}, waits for
 * them to serve (failing at once, with the culprit's log, when one exits meanwhile), tells which
 * one died, restarts one, and stops them all in the reverse order.
 */
final class ComponentSupervisor {

  private static final Logger LOG = LoggerFactory.getLogger(ComponentSupervisor.class);

  private final Path binaries;
  private final Path logs;
  private final ProcessWatchdog watchdog;
  private final List<Component> components = new CopyOnWriteArrayList<>();
  private final Set<String> restarting = ConcurrentHashMap.newKeySet();

  /**
   * Starts the watchdog; the components, when {@link #start} is called, run the binaries of {@code
   * binaries} and write their logs into {@code logs}.
   *
   * @param deleteAtEnd what the watchdog deletes once the components are gone, also when the JVM
   *     dies without stopping them
   */
  ComponentSupervisor(Path binaries, Path logs, List<Path> deleteAtEnd) {
    this.binaries = binaries;
    this.logs = logs;
    this.watchdog = new ProcessWatchdog();
    deleteAtEnd.forEach(watchdog::deleteAtEnd);
  }

  /** Starts each component, in order, with its binary of the same name; does not wait. */
  void start(Map<String, List<String>> commandLines) {
    commandLines.forEach(
        (name, args) ->
            components.add(Component.start(name, binaries.resolve(name), args, logs, watchdog)));
    LOG.debug("Local control plane components: {}", components);
  }

  /** Each component's name and pid, in start order. */
  Map<String, Long> pids() {
    Map<String, Long> byName = new LinkedHashMap<>();
    components.forEach(c -> byName.put(c.name(), c.pid()));
    return byName;
  }

  boolean allAlive() {
    return components.stream().allMatch(Component::isAlive);
  }

  /**
   * A component that died, other than one being restarted, with its exit and the last lines of its
   * log; empty while all run.
   */
  Optional<String> fault() {
    for (Component c : components) {
      if (!c.isAlive() && !restarting.contains(c.name())) {
        return Optional.of(
            "the local cluster's "
                + c.name()
                + " "
                + c.exitDescription()
                + ". Last lines of its log ("
                + c.log()
                + "):\n"
                + c.tail(10));
      }
    }
    return Optional.empty();
  }

  /**
   * Stops one component (SIGTERM, then SIGKILL after 5 s) and starts it again with the same
   * arguments; {@link #fault()} does not report it meanwhile.
   *
   * @throws IllegalArgumentException when no component has that name
   */
  void restart(String name) {
    int index = -1;
    for (int i = 0; i < components.size(); i++) {
      if (components.get(i).name().equals(name)) {
        index = i;
      }
    }
    if (index < 0) {
      throw new IllegalArgumentException(
          "no component named " + name + "; the components are " + pids().keySet());
    }
    Component old = components.get(index);
    restarting.add(name);
    Component fresh;
    try {
      old.stop(5000);
      fresh = old.relaunch(watchdog);
      components.set(index, fresh);
    } finally {
      restarting.remove(name);
    }
    LOG.info("Restarted {}", fresh);
  }

  /** Stops every component, the last started first, then the watchdog. */
  void stop() {
    List<Component> reversed = new ArrayList<>(components);
    Collections.reverse(reversed);
    for (Component c : reversed) {
      c.stop(3000);
    }
    watchdog.close();
  }

  /**
   * Waits until {@code url} answers 200, trusting any certificate: the API server's is self-signed,
   * and only 127.0.0.1 is polled.
   *
   * @param name the component that serves {@code url}, whose log a timeout shows
   * @throws IllegalStateException when a component exits or the deadline passes
   */
  void awaitHttp200(String name, String url, long deadline) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trustAll())
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
    String[] last = {"no answer yet"};
    awaitCondition(
        () -> {
          try {
            HttpResponse<String> response =
                http.send(request, HttpResponse.BodyHandlers.ofString());
            last[0] = "HTTP " + response.statusCode() + ": " + response.body();
            return response.statusCode() == 200;
          } catch (IOException e) {
            last[0] = e.toString();
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + url, e);
          }
        },
        () -> name + " at " + url + " (last answer: " + last[0] + ")",
        deadline);
  }

  /**
   * Polls {@code condition} every 50 ms until it holds.
   *
   * @throws IllegalStateException when a component exits (naming it, with the last lines of its
   *     log) or the deadline passes
   */
  void awaitCondition(BooleanSupplier condition, Supplier<String> what, long deadline) {
    while (true) {
      for (Component c : components) {
        if (!c.isAlive()) {
          throw startFailure(
              c.name() + " " + c.exitDescription() + " while waiting for " + what.get(), c);
        }
      }
      if (condition.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw startFailure("Timed out waiting for " + what.get(), null);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + what.get(), e);
      }
    }
  }

  private IllegalStateException startFailure(String reason, @Nullable Component culprit) {
    StringBuilder message =
        new StringBuilder("The local cluster did not start: ").append(reason).append(".\n");
    message.append("Component logs (kept in ").append(logs).append("):\n");
    for (Component c : components) {
      message.append("  ").append(c.name()).append(": ").append(c.log()).append('\n');
    }
    if (culprit != null) {
      message
          .append("Last lines of ")
          .append(culprit.name())
          .append("'s log:\n")
          .append(culprit.tail(20));
    }
    return new IllegalStateException(message.toString());
  }

  private static SSLContext trustAll() {
    // Only used to poll /readyz on 127.0.0.1 before the API server's self-signed certificate
    // exists.
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager trustAll =
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          };
      context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

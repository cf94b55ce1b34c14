package dev.rollouttest.assertions;

import dev.rollouttest.probe.HttpProbe;
import dev.rollouttest.probe.HttpProbing;
import dev.rollouttest.probe.ProbeResult;
import dev.rollouttest.rollout.internal.RolloutRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP probes of one rollout assertion: started together before the change, each probe's
 * transitions noted on the recorder's timeline, stopped together for the verdict.
 */
final class Probings {

  /** How long a probe may take to get its first answer before the change is sent. */
  static final Duration SERVING_BEFORE_CHANGE = Duration.ofSeconds(30);

  private final List<HttpProbing> started;

  private Probings(List<HttpProbing> started) {
    this.started = started;
  }

  /**
   * Starts every probe against {@code client}'s cluster; when one cannot start, stops the others
   * and the recorder, and throws.
   */
  static Probings start(List<HttpProbe> probes, KubernetesClient client, RolloutRecorder recorder) {
    List<HttpProbing> started = new ArrayList<>();
    try {
      for (HttpProbe probe : probes) {
        // timed on the recorder's clock, so the probe's series lines up with the moments
        started.add(probe.start(client, recorder::note).timedFrom(recorder.startNanos()));
      }
    } catch (RuntimeException e) {
      started.forEach(HttpProbing::stop);
      recorder.close();
      throw e;
    }
    return new Probings(started);
  }

  /**
   * Waits until every probe's target answers, so that no change is sent before: a failure then is
   * the rollout's, not a Service that was not serving yet (kube-proxy writes its rules a moment
   * after the endpoints). Returns the result of the first that did not answer within {@link
   * #SERVING_BEFORE_CHANGE}, with every probe stopped; empty when all answer.
   */
  Optional<ProbeResult> firstNotServing() {
    for (HttpProbing probing : started) {
      if (!probing.awaitServing(SERVING_BEFORE_CHANGE)) {
        ProbeResult before = probing.stop();
        stop();
        return Optional.of(before);
      }
    }
    return Optional.empty();
  }

  /** Stops every probe and returns their results, in the order the probes were given. */
  List<ProbeResult> stop() {
    return started.stream().map(HttpProbing::stop).toList();
  }
}

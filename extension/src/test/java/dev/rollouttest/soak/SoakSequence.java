package dev.rollouttest.soak;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A random sequence of rollout steps drawn from a seed: the same seed gives the same sequence, so a
 * failure replays from its seed ({@code -Drollouttest.soak.seed=N}).
 *
 * <p>The Deployment starts with 1–5 replicas, a random maxSurge and maxUnavailable, and jittered
 * kwok timings (ready after 50–500 ms, terminating for 0–400 ms, per pod template). Then come
 * {@value #STEPS} steps: updates, undos, scalings, restarts, pauses with changes and a resume, a
 * scaling or a second update in the middle of a rollout, and bad releases (an image that cannot be
 * pulled, a container that crash-loops) which must fail fast and are undone by the next step. An
 * undo that goes back to a bad release must fail as that release did, and is undone in turn.
 *
 * <p>While drawing, the sequence keeps a model of the Deployment as kubectl's rules change it (the
 * templates by revision, the highest revision, the replicas), so each step that must complete also
 * says where it must end: the revision, the image and the replicas.
 */
final class SoakSequence {

  /** Steps after the creation. */
  static final int STEPS = 8;

  /** A step and where the Deployment must be once it has completed. */
  record Planned(SoakStep step, long revision, String image, int replicas) {}

  private static final List<IntOrString> SURGES =
      List.of(
          new IntOrString(0), new IntOrString(1), new IntOrString("25%"), new IntOrString("50%"));
  private static final List<IntOrString> UNAVAILABLES =
      List.of(new IntOrString(0), new IntOrString(1), new IntOrString("25%"));

  private final long seed;
  private final List<Planned> steps;

  private SoakSequence(long seed, List<Planned> steps) {
    this.seed = seed;
    this.steps = List.copyOf(steps);
  }

  long seed() {
    return seed;
  }

  List<Planned> steps() {
    return steps;
  }

  /** The sequence of {@code seed}. */
  static SoakSequence of(long seed) {
    return new Generator(new SplittableRandom(seed)).generate(seed);
  }

  /** One line per step, numbered from 1. */
  @Override
  public String toString() {
    return IntStream.range(0, steps.size())
        .mapToObj(i -> "  " + (i + 1) + ". " + steps.get(i).step())
        .collect(Collectors.joining("\n"));
  }

  /** Draws the steps and keeps the model of the Deployment they act on. */
  private static final class Generator {
    private final SplittableRandom random;
    private final List<SoakTemplate> history = new ArrayList<>();
    private final List<Planned> steps = new ArrayList<>();
    private long revision;
    private int replicas;
    private int restarts;

    Generator(SplittableRandom random) {
      this.random = random;
    }

    SoakSequence generate(long seed) {
      replicas = 1 + random.nextInt(5);
      IntOrString surge = SURGES.get(random.nextInt(SURGES.size()));
      IntOrString unavailable = UNAVAILABLES.get(random.nextInt(UNAVAILABLES.size()));
      if (isZero(surge) && isZero(unavailable)) {
        unavailable = new IntOrString(1); // the API server refuses both 0
      }
      SoakTemplate first = healthy();
      changeTemplate(first);
      plan(new SoakStep.Create(first, replicas, surge, unavailable));
      while (steps.size() <= STEPS) {
        drawStep(STEPS + 1 - steps.size());
      }
      return new SoakSequence(seed, steps);
    }

    /** Draws one step (or two: a bad release and its undo) with {@code left} slots left. */
    private void drawStep(int left) {
      int roll = random.nextInt(100);
      if (roll < 25) {
        SoakTemplate next = differentHealthy();
        changeTemplate(next);
        plan(new SoakStep.Update(next));
      } else if (roll < 37 && history.size() >= 2) {
        SoakTemplate target = history.get(history.size() - 2);
        if (target.failure() == null) {
          changeTemplate(target);
          plan(new SoakStep.Undo(null));
        } else if (left >= 2) {
          // back to a bad release, which must fail as it did, and undone again
          changeTemplate(target);
          plan(new SoakStep.Undo(target.failure()));
          changeTemplate(history.get(history.size() - 2));
          plan(new SoakStep.Undo(null));
        }
      } else if (roll < 50) {
        replicas = otherReplicas();
        plan(new SoakStep.Scale(replicas));
      } else if (roll < 58) {
        changeTemplate(current().restarted(++restarts));
        plan(new SoakStep.Restart());
      } else if (roll < 70) {
        @Nullable SoakTemplate next = random.nextBoolean() ? differentHealthy() : null;
        int scaled = random.nextInt(3) == 0 ? otherReplicas() : 0;
        if (next != null) {
          changeTemplate(next);
        }
        if (scaled > 0) {
          replicas = scaled;
        }
        plan(new SoakStep.PauseResume(next, scaled));
      } else if (roll < 78) {
        SoakTemplate next = differentHealthy();
        changeTemplate(next);
        replicas = otherReplicas();
        plan(new SoakStep.ScaleMidRollout(next, replicas));
      } else if (roll < 86) {
        SoakTemplate first = differentHealthy();
        changeTemplate(first);
        SoakTemplate second = differentHealthy();
        changeTemplate(second);
        plan(new SoakStep.UpdateMidRollout(first, second));
      } else if (left >= 2) {
        boolean pull = random.nextBoolean();
        SoakTemplate bad =
            new SoakTemplate(
                pull ? "nginx:no-such-tag-" + random.nextInt(1000) : image(),
                readyDelay(),
                terminationDelay(),
                pull ? "never-ready" : "crash-loop",
                0);
        changeTemplate(bad);
        plan(new SoakStep.BadRelease(bad));
        changeTemplate(history.get(history.size() - 2));
        plan(new SoakStep.Undo(null));
      }
    }

    private void plan(SoakStep step) {
      steps.add(new Planned(step, revision, current().image(), replicas));
    }

    /**
     * The controller's rule: a template that an existing ReplicaSet has is brought back under the
     * next revision number (its old number is gone), any other gets a new ReplicaSet with it.
     */
    private void changeTemplate(SoakTemplate template) {
      history.remove(template);
      history.add(template);
      revision++;
    }

    private SoakTemplate current() {
      return history.get(history.size() - 1);
    }

    private SoakTemplate healthy() {
      return new SoakTemplate(image(), readyDelay(), terminationDelay(), null, 0);
    }

    /** A healthy template other than the current one (else nothing would roll out). */
    private SoakTemplate differentHealthy() {
      SoakTemplate next = healthy();
      while (!history.isEmpty() && next.equals(current())) {
        next = healthy();
      }
      return next;
    }

    private int otherReplicas() {
      int next = 1 + random.nextInt(5);
      return next == replicas ? next % 5 + 1 : next;
    }

    private String image() {
      return "nginx:1." + (20 + random.nextInt(10));
    }

    private int readyDelay() {
      return 50 * (1 + random.nextInt(10));
    }

    private int terminationDelay() {
      return 50 * random.nextInt(9);
    }

    private static boolean isZero(IntOrString value) {
      return Integer.valueOf(0).equals(value.getIntVal());
    }
  }
}

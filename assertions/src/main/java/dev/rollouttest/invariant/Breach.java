package dev.rollouttest.invariant;

import java.util.Objects;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * How a moment breaks an invariant: why, in words, and, for an invariant that bounds a count, the
 * bound that applied at that moment and the count observed. A minimum's bound is the floor (e.g.
 * {@code 2} for {@code available pods >= 2}), a maximum's the ceiling; which one it is follows from
 * the invariant's {@link Invariant.Kind}.
 *
 * @param reason why the moment breaks it, e.g. {@code 1 available: [web-1]; not ready: ...}
 * @param bound the bound that applied at the moment, when the invariant bounds a count
 * @param observed the count the moment showed, when the invariant bounds a count
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Breach(String reason, OptionalLong bound, OptionalLong observed) {

  /**
   * A breach with everything given.
   *
   * @throws NullPointerException when an argument is null (an absent count is an empty {@code
   *     OptionalLong})
   */
  public Breach {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(bound, "bound");
    Objects.requireNonNull(observed, "observed");
  }

  /** A breach explained only in words: no count is bounded. */
  public static Breach of(String reason) {
    return new Breach(reason, OptionalLong.empty(), OptionalLong.empty());
  }

  /** A count beyond its bound. */
  public static Breach of(String reason, long bound, long observed) {
    return new Breach(reason, OptionalLong.of(bound), OptionalLong.of(observed));
  }
}

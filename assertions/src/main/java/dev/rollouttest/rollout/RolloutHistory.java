package dev.rollouttest.rollout;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A Deployment's revisions, lowest first, as {@code kubectl rollout history} lists them. Numbers
 * are not contiguous after an undo: the reused ReplicaSet takes the next number and its old one
 * moves to {@link Revision#earlierNumbers()}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RolloutHistory(String namespace, String deployment, List<Revision> revisions) {

  /** Copies {@code revisions}, so the history cannot change. */
  public RolloutHistory {
    revisions = List.copyOf(revisions);
  }

  /** The revision with this number, if the history has it. */
  public Optional<Revision> revision(long number) {
    return revisions.stream().filter(r -> r.number() == number).findFirst();
  }

  /** The revision numbers, lowest first. */
  public List<Long> numbers() {
    return revisions.stream().map(Revision::number).toList();
  }

  @Override
  public String toString() {
    return "history of Deployment " + namespace + "/" + deployment + " " + revisions;
  }
}

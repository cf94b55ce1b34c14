package dev.rollouttest.junit;

import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A manifest named by {@link Manifest} cannot be applied. The message names the file, the
 * document's index (from 1) and its kind/name where known, and the reason, the API server's own
 * where it refused the document.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class InvalidManifestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A manifest that cannot be applied, {@code message} saying where and why. */
  public InvalidManifestException(String message) {
    super(message);
  }

  /**
   * A manifest that cannot be applied, {@code message} saying where and why, {@code cause} (the API
   * server's refusal, say) how.
   */
  public InvalidManifestException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

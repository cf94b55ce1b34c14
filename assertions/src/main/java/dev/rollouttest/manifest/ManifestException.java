package dev.rollouttest.manifest;

import org.apiguardian.api.API;

/**
 * A manifest that cannot be read: the message names the file, the document's number and the reason.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ManifestException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** A manifest that cannot be read, {@code message} saying where and why. */
  public ManifestException(String message) {
    super(message);
  }

  /** A manifest that cannot be read, {@code message} saying where and why, {@code cause} how. */
  public ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}

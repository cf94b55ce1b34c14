package dev.rollouttest.manifest;

/**
 * A manifest that cannot be read: the message names the file, the document's number and the reason.
 */
public class ManifestException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public ManifestException(String message) {
    super(message);
  }

  public ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}

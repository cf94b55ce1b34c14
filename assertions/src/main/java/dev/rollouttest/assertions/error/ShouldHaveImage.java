package dev.rollouttest.assertions.error;

import dev.rollouttest.rollout.Revision;
import java.util.Map;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;
import org.jspecify.annotations.Nullable;

/** A pod template (of a Deployment or a revision) should run an image. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ShouldHaveImage extends BasicErrorMessageFactory {

  /**
   * @param what the Deployment or revision, as it should be printed
   * @param container the container, or null for "some container"
   * @param images the template's images by container, in template order
   */
  public static ErrorMessageFactory shouldHaveImage(
      Object what, @Nullable String container, String expected, Map<String, String> images) {
    Object printed =
        unquotedString(
            String.join(
                ", ",
                images.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    return container == null
        ? new ShouldHaveImage(
            "%nExpecting:%n  %s%nto run image:%n  %s%nbut its containers run:%n  %s",
            what, expected, printed)
        : new ShouldHaveImage(
            "%nExpecting:%n  %s%nto run image:%n  %s%nin container %s, but its containers run:%n  %s",
            what, expected, container, printed);
  }

  /**
   * A revision of a Deployment's history, printed as {@code revision 2 (web-5d9f7c) nginx:1.27}.
   *
   * @param container the container, or null for "some container"
   */
  public static ErrorMessageFactory shouldHaveImage(
      Revision revision, @Nullable String container, String expected) {
    return shouldHaveImage(
        unquotedString("revision " + revision), container, expected, revision.images());
  }

  private ShouldHaveImage(String format, Object... arguments) {
    super(format, arguments);
  }
}

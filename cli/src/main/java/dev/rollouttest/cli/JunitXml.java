package dev.rollouttest.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.jspecify.annotations.Nullable;

/** Writes results in the JUnit XML format that CI systems read (Ant's, as Surefire writes it). */
final class JunitXml {

  /**
   * One test case: its class name, name, time, the failure message or {@code null}, and whether
   * that message is an error (the file could not be checked) rather than a failed check.
   */
  record Case(String classname, String name, long nanos, @Nullable String failure, boolean error) {

    Case(String classname, String name, long nanos, @Nullable String failure) {
      this(classname, name, nanos, failure, false);
    }
  }

  private JunitXml() {}

  static void write(Path file, String suite, List<Case> cases) {
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", suite);
        xml.writeAttribute("tests", Integer.toString(cases.size()));
        xml.writeAttribute(
            "failures",
            Long.toString(cases.stream().filter(c -> c.failure() != null && !c.error()).count()));
        xml.writeAttribute("errors", Long.toString(cases.stream().filter(Case::error).count()));
        xml.writeAttribute("skipped", "0");
        xml.writeAttribute("time", seconds(cases.stream().mapToLong(Case::nanos).sum()));
        xml.writeAttribute("timestamp", Instant.now().toString());
        for (Case c : cases) {
          xml.writeCharacters("\n  ");
          xml.writeStartElement("testcase");
          xml.writeAttribute("classname", c.classname());
          xml.writeAttribute("name", c.name());
          xml.writeAttribute("time", seconds(c.nanos()));
          if (c.failure() != null) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement(c.error() ? "error" : "failure");
            xml.writeAttribute("message", c.failure().lines().findFirst().orElse(""));
            xml.writeAttribute("type", c.error() ? "ManifestException" : "AssertionError");
            xml.writeCharacters(c.failure());
            xml.writeEndElement();
            xml.writeCharacters("\n  ");
          }
          xml.writeEndElement();
        }
        xml.writeCharacters("\n");
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
        xml.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the JUnit XML report " + file, e);
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Could not write the JUnit XML report " + file, e);
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
  }
}

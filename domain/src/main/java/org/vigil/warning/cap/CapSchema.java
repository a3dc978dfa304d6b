package org.vigil.warning.cap;

import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Validation against the official OASIS CAP 1.2 schema ({@code cap12.xsd}, "Copyright OASIS Open 2010", shipped with
 * this package), as every message is checked before it leaves Vigil. The schema covers structure, order, code lists
 * and the time format; the rules it cannot say (identifiers without spaces or commas, closed polygons, an update
 * that references what it replaces) are enforced by {@link CapAlert} and {@link CapArea} when a message is built.
 */
public final class CapSchema {

  private static final Schema SCHEMA = load();

  private CapSchema() {}

  /** Every problem the schema finds, each with its line and column; empty when the document is valid. */
  public static List<String> problems(String xml) {
    List<String> problems = new ArrayList<>();
    Validator v = SCHEMA.newValidator();
    try {
      v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    } catch (SAXException e) {
      throw new IllegalStateException("the JDK's schema validator refuses to turn off external access", e);
    }
    v.setErrorHandler(new ErrorHandler() {
      @Override
      public void warning(SAXParseException e) {}

      @Override
      public void error(SAXParseException e) {
        problems.add(describe(e));
      }

      @Override
      public void fatalError(SAXParseException e) {
        problems.add(describe(e));
      }
    });
    try {
      v.validate(new StreamSource(new StringReader(xml)));
    } catch (SAXParseException e) {
      if (problems.isEmpty()) {
        problems.add(describe(e));
      }
    } catch (SAXException | IOException e) {
      problems.add("not readable as XML: " + e.getMessage());
    }
    return problems;
  }

  /**
   * Writes and checks one message (status Test, never sent), so that the XML machinery and the schema are loaded
   * when a job starts rather than when it issues its first warning: that is several hundred classes of the JDK's
   * XML parser, writer and validator and the schema's compilation, about half a second of CPU, which would otherwise
   * land on the moment of the first red alert. Throws when the message the writer makes does not validate.
   */
  public static void warmUp() {
    CapAlert probe = new CapAlert("vigil-start-check", "vigil", OffsetDateTime.now(ZoneOffset.UTC).withNano(0),
        Cap.Status.Test, Cap.MsgType.Alert, Cap.Scope.Public, null, List.of(), null, List.of());
    require(CapXml.write(probe));
  }

  /** Throws with every problem listed when {@code xml} is not a valid CAP 1.2 message. */
  public static void require(String xml) {
    List<String> p = problems(xml);
    if (!p.isEmpty()) {
      throw new IllegalArgumentException("not a valid CAP 1.2 message: " + String.join("; ", p));
    }
  }

  private static String describe(SAXParseException e) {
    return "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage();
  }

  private static Schema load() {
    URL xsd = CapSchema.class.getResource("cap12.xsd");
    if (xsd == null) {
      throw new IllegalStateException("cap12.xsd is missing from the classpath beside " + CapSchema.class.getName());
    }
    try {
      SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      return f.newSchema(xsd);
    } catch (SAXException e) {
      throw new IllegalStateException("cap12.xsd could not be read as a schema", e);
    }
  }
}

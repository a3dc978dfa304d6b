package org.vigil.warning.cap;

/**
 * The code lists of OASIS CAP 1.2 (Common Alerting Protocol, OASIS Standard, 1 July 2010, section 3.2). The
 * constants are spelled as the standard spells the values (the schema accepts no other spelling), so a constant's
 * {@code name()} is what a message carries.
 */
public final class Cap {

  /** The CAP 1.2 XML namespace. */
  public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";

  private Cap() {}

  /** {@code <status>}: how the message is to be handled. */
  public enum Status { Actual, Exercise, System, Test, Draft }

  /** {@code <msgType>}: the nature of the message. */
  public enum MsgType { Alert, Update, Cancel, Ack, Error }

  /** {@code <scope>}: who may see it. */
  public enum Scope { Public, Restricted, Private }

  /** {@code <category>} of the subject event. */
  public enum Category { Geo, Met, Safety, Security, Rescue, Fire, Health, Env, Transport, Infra, CBRNE, Other }

  /** {@code <responseType>}: the action recommended to the audience. */
  public enum ResponseType { Shelter, Evacuate, Prepare, Execute, Avoid, Monitor, Assess, AllClear, None }

  /** {@code <urgency>}: how soon responsive action should be taken. */
  public enum Urgency { Immediate, Expected, Future, Past, Unknown }

  /** {@code <severity>}: the threat to life or property. */
  public enum Severity { Extreme, Severe, Moderate, Minor, Unknown }

  /** {@code <certainty>}: how sure the sender is of the event. */
  public enum Certainty { Observed, Likely, Possible, Unlikely, Unknown }
}

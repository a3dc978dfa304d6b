package org.vigil.decode;

/** A payload was rejected; carries the machine-readable {@link RejectReason} and a sentence for people. */
public final class DecodeException extends RuntimeException {

  private final RejectReason reason;

  public DecodeException(RejectReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}

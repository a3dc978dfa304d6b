package org.vigil.console.audit;

/**
 * One audited action.
 *
 * @param atMs when, epoch ms
 * @param user who ({@code -} when not logged in)
 * @param role the user's role, or {@code -}
 * @param region the region the user answers for ({@code *}: the whole county; {@code -} when not logged in)
 * @param action what was tried, e.g. {@code login}, {@code alert.ack}, {@code rules.publish}
 * @param outcome {@code ok}, {@code refused} (role, region or login), {@code invalid} (bad input) or {@code failed}
 * @param target what it was about (alert id, silence id, rules version), may be empty
 * @param targetRegion the region the target lies in (an alert's site's region, a warning's region), may be empty
 * @param detail a sentence for people, may be empty
 * @param remote the client's address
 */
public record AuditEntry(long atMs, String user, String role, String region, String action, String outcome,
    String target, String targetRegion, String detail, String remote) {

  /** An entry without regions (a user of the whole county, no target region). */
  public AuditEntry(long atMs, String user, String role, String action, String outcome, String target, String detail,
      String remote) {
    this(atMs, user, role, "*", action, outcome, target, "", detail, remote);
  }
}

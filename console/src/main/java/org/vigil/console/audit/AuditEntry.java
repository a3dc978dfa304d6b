package org.vigil.console.audit;

/**
 * One audited action.
 *
 * @param atMs when, epoch ms
 * @param user who ({@code -} when not logged in)
 * @param role the user's role, or {@code -}
 * @param action what was tried, e.g. {@code login}, {@code alert.ack}, {@code rules.publish}
 * @param outcome {@code ok}, {@code refused} (role or login), {@code invalid} (bad input) or {@code failed}
 * @param target what it was about (alert id, silence id, rules version), may be empty
 * @param detail a sentence for people, may be empty
 * @param remote the client's address
 */
public record AuditEntry(long atMs, String user, String role, String action, String outcome, String target,
    String detail, String remote) {}

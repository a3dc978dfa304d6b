package org.vigil.alerts.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.core.AlertEvent;
import org.vigil.core.Level;

/**
 * Decides what of a {@link Notification} one webhook endpoint is sent, from its subscription ({@link
 * WebhookEndpoint#minLevel()}, {@link WebhookEndpoint#sites()}, {@link WebhookEndpoint#rules()}, {@link
 * WebhookEndpoint#states()}):
 *
 * <ul>
 *   <li>A single transition ({@code alert.<state>}) passes when its site and rule match the globs (an empty list
 *       matches everything), its {@link AlertEvent#notifyLevel()} is at least the minimum level, and its state is
 *       listed (or no states are).
 *   <li>{@code alert.flapping} and {@code alert.settled} pass on the same terms, judged on the flapping alert (the
 *       last member) with the notification's level, and {@code flapping} / {@code settled} as the state.
 *   <li>{@code alert.group} passes with the members that pass on their own (their state judged only when
 *       {@code group} is not listed). When all pass it is sent unchanged; when some pass, as a group of those members
 *       with its own deterministic id ({@code ntf_} hash of the group's id and the endpoint), or as the plain
 *       transition when one is left; when none pass, not at all. Consumers so see only what they subscribed to, and
 *       a replay gives them the same ids.
 * </ul>
 */
public final class EndpointFilter {

  private EndpointFilter() {}

  /** What {@code e} is sent of {@code n}; empty when nothing. */
  public static Optional<Notification> apply(Notification n, WebhookEndpoint e) {
    switch (n.kind()) {
      case ALERT -> {
        AlertEvent m = n.members().get(0);
        return passes(e, m.site(), m.rule(), m.notifyLevel(), m.state().wireName()) ? Optional.of(n)
            : Optional.empty();
      }
      case FLAPPING, SETTLED -> {
        AlertEvent m = n.members().get(n.members().size() - 1);
        String state = n.kind().name().toLowerCase(java.util.Locale.ROOT);
        return passes(e, n.site(), m.rule(), n.level(), state) ? Optional.of(n) : Optional.empty();
      }
      default -> {
        boolean anyState = e.states().contains("group");
        List<AlertEvent> kept = new ArrayList<>();
        for (AlertEvent m : n.members()) {
          if (passes(e, m.site(), m.rule(), m.notifyLevel(), anyState ? null : m.state().wireName())) {
            kept.add(m);
          }
        }
        if (kept.size() == n.members().size()) {
          return Optional.of(n);
        }
        if (kept.isEmpty()) {
          return Optional.empty();
        }
        if (kept.size() == 1) {
          return Optional.of(Notification.single(kept.get(0)));
        }
        Level level = Level.NONE;
        for (AlertEvent m : kept) {
          if (m.notifyLevel().isAbove(level)) {
            level = m.notifyLevel();
          }
        }
        return Optional.of(new Notification(NotificationIds.of("group-for", n.id(), e.name()), n.site(), level,
            Notification.Kind.GROUP, kept, n.createdAtMs(), kept.size() + " of " + n.members().size()
            + " alert changes at " + n.site() + ", highest level " + level.wireName()));
      }
    }
  }

  /** Site, rule, level and (unless null) state against the endpoint's subscription. */
  static boolean passes(WebhookEndpoint e, String site, String rule, Level level, String state) {
    return Silence.anyGlob(e.sites(), site) && Silence.anyGlob(e.rules(), rule) && !e.minLevel().isAbove(level)
        && (state == null || e.states().isEmpty() || e.states().contains(state));
  }
}

package org.vigil.console.warnings;

import io.javalin.Javalin;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import org.vigil.console.http.ApiException;
import org.vigil.console.auth.Access;
import org.vigil.console.auth.Role;
import org.vigil.console.auth.User;
import org.vigil.console.auth.RegionTree;
import org.vigil.warning.cap.AtomFeed;

/**
 * Public warnings over HTTP. {@code GET /warnings.atom} (the warnings in force as Atom) and
 * {@code GET /warnings/{incident}.xml} (an incident's latest CAP message) are public, as public warnings are: no
 * login, read-only. {@code GET /api/warnings} lists those in force for the console's users, each with the regions it
 * covers ({@link WarningRequestRoutes#regionsOf}); a user with a region gets those covering part of their ground
 * (a region in it, or one above it).
 */
public final class WarningRoutes {

  private final WarningBoard board;
  private final BroadcastBoard broadcasts;
  private final Access access;
  private final Clock clock;
  private final Supplier<String> publicBase;

  /**
   * @param publicBase the console's address as the public reaches it ({@code VIGIL_WARNING_WEB}, else its own
   *     listening address): the feed's id and its entries' links are under it, never under a request's Host header
   */
  public WarningRoutes(WarningBoard board, BroadcastBoard broadcasts, Access access, Clock clock,
      Supplier<String> publicBase) {
    this.board = board;
    this.broadcasts = broadcasts;
    this.access = access;
    this.clock = clock;
    this.publicBase = publicBase;
  }

  public void routing(Javalin app) {
    app.get("/warnings.atom", ctx -> {
      OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
      String base = publicBase.get().replaceAll("/+$", "");
      List<WarningBoard.Warning> inForce = board.inForce(now);
      List<AtomFeed.Entry> entries = inForce.stream().map(w -> new AtomFeed.Entry(
          base + "/warnings/" + w.incident() + ".xml", w.headline(), w.sent(), w.instruction(), w.xml())).toList();
      ctx.contentType("application/atom+xml; charset=utf-8").result(AtomFeed.write(base + "/warnings.atom",
          "Public warnings in force", "Vigil", inForce.isEmpty() ? now : inForce.get(0).sent(), entries));
    });
    app.get("/warnings/{file}", ctx -> {
      String file = ctx.pathParam("file");
      if (!file.endsWith(".xml")) {
        throw new ApiException(404, "warnings are served as <incident>.xml");
      }
      String incident = file.substring(0, file.length() - 4);
      WarningBoard.Warning w = board.incident(incident)
          .orElseThrow(() -> new ApiException(404, "no public warning " + incident));
      ctx.contentType("application/cap+xml; charset=utf-8").result(w.xml());
    });
    app.get("/api/warnings", ctx -> {
      User u = access.require(ctx, Role.VIEWER, "warnings.read");
      OffsetDateTime now = OffsetDateTime.now(clock);
      RegionTree tree = access.duty().tree();
      List<java.util.Map<String, Object>> out = new java.util.ArrayList<>();
      for (WarningBoard.Warning w : board.inForce(now)) {
        List<String> regions = WarningRequestRoutes.regionsOf(w.incident(), board, broadcasts, tree);
        if (u.region().isEmpty() || regions.stream().anyMatch(r -> access.duty().overlaps(u, r))) {
          out.add(java.util.Map.of("incident", w.incident(), "identifier", w.identifier(), "msgType", w.msgType(),
              "sent", w.sent().toString(), "headline", w.headline(), "severity", w.severity(), "area", w.area(),
              "regions", regions));
        }
      }
      ctx.json(out);
    });
  }
}

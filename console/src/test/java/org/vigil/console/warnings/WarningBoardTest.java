package org.vigil.console.warnings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.warning.cap.CapAlert;
import org.vigil.warning.cap.CapXml;
import org.vigil.warning.cap.PublicWarningPolicy;
import org.vigil.warning.cap.PublicWarnings;
import org.vigil.warning.cap.WarningAreas;
import org.vigil.warning.cap.WarningBook;
import org.vigil.warning.cap.WarningTexts;

class WarningBoardTest {

  static final long T0 = 1_780_000_000_000L; // 2026-05-28T20:26:40Z
  final WarningBook book = new WarningBook(new PublicWarnings(new PublicWarningPolicy("monitoring@county.example",
      "County", Level.ORANGE, Duration.ofHours(12), ZoneOffset.UTC, null), WarningTexts.defaults(),
      WarningAreas.byName()));
  final WarningBoard board = new WarningBoard();

  static AlertEvent event(AlertState state, Level level, Level previous, long at) {
    return new AlertEvent("alt_board", "slope", "hill", "hill/gnss/g1", level, previous, state, 5, 3, T0, at, "fast");
  }

  static byte[] bytes(CapAlert a) {
    return CapXml.write(a).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theLatestMessageOfEachIncidentIsKeptAndACancelEndsIt() {
    CapAlert alert = book.onTransition(event(AlertState.OPENED, Level.RED, Level.NONE, T0)).orElseThrow();
    board.onMessage("alt_board.1", bytes(alert));
    OffsetDateTime now = OffsetDateTime.parse("2026-05-28T21:00:00Z");
    assertThat(board.inForce(now)).singleElement().satisfies(w -> {
      assertThat(w.identifier()).isEqualTo("alt_board.1");
      assertThat(w.headline()).isEqualTo("Red landslide warning for hill");
      assertThat(w.severity()).isEqualTo("Extreme");
      assertThat(w.area()).isEqualTo("hill");
    });
    // Expired 12 h after it was sent.
    assertThat(board.inForce(OffsetDateTime.parse("2026-05-29T08:26:40Z"))).isEmpty();
    CapAlert cancel = book.onTransition(event(AlertState.RESOLVED, Level.NONE, Level.RED, T0 + 60_000)).orElseThrow();
    board.onMessage("alt_board.1", bytes(cancel));
    assertThat(board.inForce(now)).isEmpty();
    assertThat(board.incident("alt_board.1").orElseThrow().msgType()).isEqualTo("Cancel");
    // A replayed older message does not bring it back.
    board.onMessage("alt_board.1", bytes(alert));
    assertThat(board.inForce(now)).isEmpty();
    board.onMessage("alt_board.1", new byte[0]);
    assertThat(board.incident("alt_board.1")).isEmpty();
  }

  @Test
  void forgedBrokenOrMisplacedMessagesAreRefused() {
    CapAlert alert = book.onTransition(event(AlertState.OPENED, Level.RED, Level.NONE, T0)).orElseThrow();
    assertThatThrownBy(() -> board.onMessage("other.1", bytes(alert))).hasMessageContaining("not of incident");
    assertThatThrownBy(() -> board.onMessage("x.1", "<alert>hi</alert>".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not valid CAP 1.2");
    assertThatThrownBy(() -> board.onMessage("x.1", ("<?xml version='1.0'?><!DOCTYPE a [<!ENTITY e SYSTEM "
        + "'file:///etc/hostname'>]><a>&e;</a>").getBytes(StandardCharsets.UTF_8))).hasMessageContaining("DOCTYPE");
    assertThatThrownBy(() -> board.onMessage("x.1", new byte[WarningBoard.MAX_BYTES + 1]))
        .hasMessageContaining("bytes");
    assertThat(board.refused()).isEqualTo(4);
    assertThat(board.inForce(OffsetDateTime.parse("2026-05-28T21:00:00Z"))).isEmpty();
  }
}

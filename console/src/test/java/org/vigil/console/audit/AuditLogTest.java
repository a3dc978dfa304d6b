package org.vigil.console.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuditLogTest {

  private static final long T0 = 1_795_852_800_000L;

  private static String key(String line) {
    return line.substring(0, line.indexOf(' ')) + " @" + line.substring(line.lastIndexOf(' ') + 1);
  }

  @Test
  void twoActionsInOneMillisecondAreTwoPointsAndTwoConsolesTwoSeries() {
    AuditEntry a = new AuditEntry(T0, "maria", "operator", "alert.ack", "ok", "alt_1", "", "127.0.0.1");
    AuditEntry b = new AuditEntry(T0, "maria", "operator", "alert.ack", "ok", "alt_2", "", "127.0.0.1");
    try (AuditLog one = new AuditLog(null, "db", 10, "ops-1:18092");
        AuditLog two = new AuditLog(null, "db", 10, "ops-2:18092")) {
      String[] first = one.encode(List.of(a, b)).trim().split("\n");
      String[] second = two.encode(List.of(a)).trim().split("\n");
      assertThat(key(first[0])).isEqualTo(
          "console_audit,console=ops-1:18092,user=maria,role=operator,region=*,action=alert.ack,outcome=ok @" + T0);
      assertThat(key(first[1])).isEqualTo(
          "console_audit,console=ops-1:18092,user=maria,role=operator,region=*,action=alert.ack,outcome=ok @" + (T0 + 1));
      // The other console's entry at the same millisecond is a series of its own.
      assertThat(key(second[0])).isEqualTo(
          "console_audit,console=ops-2:18092,user=maria,role=operator,region=*,action=alert.ack,outcome=ok @" + T0);
    }
  }

  @Test
  void theUsersRegionIsATagAndTheTargetsRegionAField() {
    AuditEntry e = new AuditEntry(T0, "tom", "operator", "east-township", "alert.ack", "refused", "alt_9",
        "ridge-community", "outside east-township", "127.0.0.1");
    try (AuditLog log = new AuditLog(null, "db", 10, "ops-1:18092")) {
      String line = log.encode(List.of(e)).trim();
      assertThat(key(line)).isEqualTo("console_audit,console=ops-1:18092,user=tom,role=operator,"
          + "region=east-township,action=alert.ack,outcome=refused @" + T0);
      assertThat(line).contains("target=\"alt_9\"").contains("target_region=\"ridge-community\"");
    }
  }
}

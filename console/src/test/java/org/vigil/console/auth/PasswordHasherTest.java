package org.vigil.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  @Test
  void aHashVerifiesItsPasswordOnly() {
    String h = PasswordHasher.hash("correct horse".toCharArray(), 1000);
    assertThat(h).startsWith("pbkdf2-sha256$1000$");
    assertThat(PasswordHasher.verify("correct horse".toCharArray(), h)).isTrue();
    assertThat(PasswordHasher.verify("correct horsE".toCharArray(), h)).isFalse();
  }

  @Test
  void eachHashHasItsOwnSaltOf16BytesAndA32ByteKey() {
    String a = PasswordHasher.hash("same".toCharArray(), 1000);
    String b = PasswordHasher.hash("same".toCharArray(), 1000);
    assertThat(a).isNotEqualTo(b);
    String[] p = a.split("\\$");
    assertThat(Base64.getDecoder().decode(p[2])).hasSize(16);
    assertThat(Base64.getDecoder().decode(p[3])).hasSize(32);
  }

  @Test
  void knownAnswerOfPbkdf2HmacSha256() {
    // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64; first 32 bytes.
    assertThat(PasswordHasher.derive("passwd".toCharArray(), "salt".getBytes(), 1, 256))
        .isEqualTo(hex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"));
  }

  @Test
  void malformedEntriesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> PasswordHasher.check("plain")).hasMessageContaining("pbkdf2-sha256$<iterations>");
    assertThatThrownBy(() -> PasswordHasher.check("pbkdf2-sha256$x$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"))
        .hasMessageContaining("iterations 'x' is not a number");
    assertThatThrownBy(() -> PasswordHasher.hash("x".toCharArray(), 0)).hasMessageContaining("at least 1");
  }

  private static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}

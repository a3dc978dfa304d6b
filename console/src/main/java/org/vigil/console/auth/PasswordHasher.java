package org.vigil.console.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for the users file: PBKDF2 with HMAC-SHA256 from the JDK, a random 16-byte salt per password,
 * a 32-byte key, written as {@code pbkdf2-sha256$<iterations>$<salt base64>$<key base64>}. The iteration count is
 * part of each entry, so raising {@link #DEFAULT_ITERATIONS} later keeps old entries valid. 210,000 iterations is
 * OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256 (about 0.2 s per check on the machine this was written on).
 */
public final class PasswordHasher {

  /** Iterations of new hashes. */
  public static final int DEFAULT_ITERATIONS = 210_000;

  /** The scheme name at the start of every entry. */
  public static final String SCHEME = "pbkdf2-sha256";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int KEY_BITS = 256;

  private PasswordHasher() {}

  /** A new entry for {@code password} with a fresh salt and {@code iterations}. */
  public static String hash(char[] password, int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] key = derive(password, salt, iterations, KEY_BITS);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
  }

  /** A new entry with {@link #DEFAULT_ITERATIONS}. */
  public static String hash(char[] password) {
    return hash(password, DEFAULT_ITERATIONS);
  }

  /**
   * True when {@code password} matches {@code entry}; compared in constant time. A malformed entry throws
   * {@link IllegalArgumentException} saying what is wrong (the users file is checked when it is loaded).
   */
  public static boolean verify(char[] password, String entry) {
    Parsed p = parse(entry);
    byte[] key = derive(password, p.salt, p.iterations, p.key.length * 8);
    return MessageDigest.isEqual(key, p.key);
  }

  /** Checks the form of an entry; throws {@link IllegalArgumentException} naming the fault. */
  public static void check(String entry) {
    parse(entry);
  }

  private record Parsed(int iterations, byte[] salt, byte[] key) {}

  private static Parsed parse(String entry) {
    String[] parts = entry == null ? new String[0] : entry.split("\\$");
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      throw new IllegalArgumentException(
          "a password hash must look like " + SCHEME + "$<iterations>$<salt>$<key> (./vigil console hash-password)");
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] key = Base64.getDecoder().decode(parts[3]);
      if (iterations < 1 || salt.length < 8 || key.length < 16) {
        throw new IllegalArgumentException("password hash has too few iterations, or too short a salt or key");
      }
      return new Parsed(iterations, salt, key);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("password hash: iterations '" + parts[1] + "' is not a number", e);
    }
  }

  static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }
}

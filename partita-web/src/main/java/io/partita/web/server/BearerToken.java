package io.partita.web.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The secret that mutating requests carry as {@code Authorization: Bearer <token>}. Browsers never
 * attach it on their own (no cookie), so a cross-site form or script cannot use it: the API is
 * CSRF-safe by construction.
 */
public final class BearerToken {
  private static final String PREFIX = "Bearer ";
  private final byte[] digest;

  public BearerToken(String token) {
    this.digest = sha256(token);
  }

  /**
   * Whether the header carries the token. Compares SHA-256 digests with {@link
   * MessageDigest#isEqual}, which takes the same time wherever the first difference is, and the
   * digests have one length, so neither content nor length leaks through timing.
   */
  public boolean matches(String authorizationHeader) {
    if (authorizationHeader == null
        || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    return MessageDigest.isEqual(
        digest, sha256(authorizationHeader.substring(PREFIX.length()).strip()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }
}

package io.chaosplane.controlplane.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.springframework.stereotype.Component;

/**
 * Makes and recognizes API key secrets: {@code cp_live_} and 40 random base62 characters (about 238 bits).
 * A key that random needs no slow password hash: SHA-256 of it is as hard to reverse as the key is to guess,
 * and it lets a request find its key with one index look-up.
 */
@Component
class ApiKeySecrets {

    static final String PREFIX = "cp_live_";
    private static final int RANDOM_LENGTH = 40;
    private static final int SHOWN_LENGTH = PREFIX.length() + 6;
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final SecureRandom random;

    ApiKeySecrets(SecureRandom random) {
        this.random = random;
    }

    String newSecret() {
        StringBuilder secret = new StringBuilder(PREFIX);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            secret.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return secret.toString();
    }

    /** Whether a presented string can be a key at all, so that garbage never costs a database look-up. */
    static boolean looksLikeKey(String presented) {
        if (presented == null || presented.length() != PREFIX.length() + RANDOM_LENGTH || !presented.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < presented.length(); i++) {
            char c = presented.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    static String shownPrefix(String secret) {
        return secret.substring(0, SHOWN_LENGTH);
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

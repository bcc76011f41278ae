package io.chaosplane.service.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Short-lived signed tokens for log streams ({@code X-Harness-Token}): the control plane mints one per run, the
 * log service verifies it without asking a database or the control plane.
 *
 * <p>Format: {@code v1.<base64url(JSON claims)>.<base64url(HMAC-SHA256 of "v1.<claims part>")>}, unpadded, with
 * the claims {@code {"acc":account,"key":key prefix,"perm":["WRITE","READ"],"exp":epoch seconds}}. A token for
 * key prefix {@code P} allows the stream key {@code P} and every key that starts with {@code P-}: one token per
 * run covers the streams of all its faults ({@code <runId>-<faultName>}).
 *
 * <p>Thread-safe; holds no mutable state.
 */
public final class LogStreamTokens {

    public static final String HEADER = "X-Harness-Token";
    public static final int MIN_SECRET_BYTES = 32;

    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a token lets its bearer do: agents write their streams, browsers read them. */
    public enum Permission {
        WRITE,
        READ
    }

    /** What a verified token says. */
    public record Claims(String accountId, String keyPrefix, Set<Permission> permissions, Instant expiresAt) {

        public Claims {
            permissions = Set.copyOf(permissions);
        }

        /** Whether the stream key is the token's prefix itself or one of the keys under it ({@code prefix-...}). */
        public boolean coversKey(String key) {
            return key.equals(keyPrefix)
                    || key.length() > keyPrefix.length()
                            && key.startsWith(keyPrefix)
                            && key.charAt(keyPrefix.length()) == '-';
        }

        public boolean allows(Permission permission) {
            return permissions.contains(permission);
        }
    }

    /** A token that is malformed, wrongly signed or expired. The message is safe to show; it never holds the token. */
    public static final class InvalidTokenException extends RuntimeException {

        InvalidTokenException(String message) {
            super(message, null, false, false);
        }
    }

    // The claims as written on the wire; short names keep tokens short.
    private record Payload(String acc, String key, List<String> perm, Long exp) {}

    private final SecretKeySpec key;
    private final Clock clock;

    public LogStreamTokens(byte[] secret, Clock clock) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the log token secret must have at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.clock = clock;
    }

    public String mint(String accountId, String keyPrefix, Set<Permission> permissions, Duration ttl) {
        requireText(accountId, "accountId");
        requireText(keyPrefix, "keyPrefix");
        if (permissions == null || permissions.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one permission");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        List<String> names =
                EnumSet.copyOf(permissions).stream().map(Enum::name).toList();
        long expires = clock.instant().plus(ttl).getEpochSecond();
        byte[] claims = JSON.writeValueAsBytes(new Payload(accountId, keyPrefix, names, expires));
        String signed = VERSION + "." + ENCODER.encodeToString(claims);
        return signed + "." + ENCODER.encodeToString(sign(signed));
    }

    public Claims verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("missing token");
        }
        if (token.length() > MAX_TOKEN_LENGTH || !token.startsWith(VERSION + ".")) {
            throw new InvalidTokenException("malformed token");
        }
        int lastDot = token.lastIndexOf('.');
        if (lastDot <= VERSION.length()) {
            throw new InvalidTokenException("malformed token");
        }
        String signed = token.substring(0, lastDot);
        byte[] signature = decode(token.substring(lastDot + 1));
        if (!MessageDigest.isEqual(sign(signed), signature)) {
            throw new InvalidTokenException("bad token signature");
        }
        Claims claims = parse(decode(signed.substring(VERSION.length() + 1)));
        if (!clock.instant().isBefore(claims.expiresAt())) {
            throw new InvalidTokenException("token expired");
        }
        return claims;
    }

    private static Claims parse(byte[] json) {
        Payload payload;
        try {
            payload = JSON.readValue(json, Payload.class);
        } catch (JacksonException e) {
            throw new InvalidTokenException("malformed token");
        }
        if (payload == null
                || isBlank(payload.acc())
                || isBlank(payload.key())
                || payload.exp() == null
                || payload.perm() == null
                || payload.perm().isEmpty()) {
            throw new InvalidTokenException("malformed token");
        }
        List<Permission> permissions = new ArrayList<>();
        for (String name : payload.perm()) {
            try {
                permissions.add(Permission.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidTokenException("malformed token");
            }
        }
        return new Claims(
                payload.acc(), payload.key(), EnumSet.copyOf(permissions), Instant.ofEpochSecond(payload.exp()));
    }

    private byte[] sign(String signed) {
        try {
            // Mac is not thread-safe and cheap to make; one per call keeps this class free of shared state.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] decode(String part) {
        try {
            return DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("malformed token");
        }
    }

    private static void requireText(String value, String name) {
        if (isBlank(value)) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

package io.chaosplane.controlplane.auth;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.recovery.RecoveryCodeGenerator;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, as every authenticator app reads them) and one-time recovery
 * codes for a person. A code is good in its step and the steps either side (clock drift), and once: the step it
 * matched is recorded in the same statement that accepts it, so a replayed code fails on every replica.
 */
@Component
class TwoFactor {

    static final int PERIOD_SECONDS = 30;
    static final int DIGITS = 6;

    /** What a person sees once, when they begin enrolling. */
    record Enrolment(String secret, String otpauthUri) {
        @Override
        public String toString() {
            return "Enrolment[...]"; // never the secret
        }
    }

    private final TwoFactorStore store;
    private final TwoFactorSecrets secrets;
    private final TwoFactorProperties properties;
    private final Clock clock;
    private final DefaultSecretGenerator secretGenerator = new DefaultSecretGenerator(32);
    private final DefaultCodeGenerator codes = new DefaultCodeGenerator(HashingAlgorithm.SHA1, DIGITS);
    private final RecoveryCodeGenerator recoveryCodes = new RecoveryCodeGenerator();

    TwoFactor(TwoFactorStore store, TwoFactorSecrets secrets, TwoFactorProperties properties, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.properties = properties;
        this.clock = clock;
    }

    TwoFactorStore.State state(UUID userId) {
        return store.state(userId);
    }

    boolean enabled(UUID userId) {
        return store.state(userId).enabled();
    }

    /** A new secret for the person, replacing one not confirmed yet; empty when two-factor is on already. */
    java.util.Optional<Enrolment> begin(UUID userId, String email) {
        String secret = secretGenerator.generate();
        if (!store.begin(userId, secrets.seal(secret))) {
            return java.util.Optional.empty();
        }
        String uri = new QrData.Builder()
                .label(email)
                .secret(secret)
                .issuer(properties.issuer())
                .algorithm(HashingAlgorithm.SHA1)
                .digits(DIGITS)
                .period(PERIOD_SECONDS)
                .build()
                .getUri();
        return java.util.Optional.of(new Enrolment(secret, uri));
    }

    /**
     * Confirms a pending enrolment with the current code: answers the fresh recovery codes (shown once, only their
     * hashes kept), or empty when there is no pending enrolment or the code is not the current one.
     */
    java.util.Optional<List<String>> confirm(UUID userId, String code) {
        TwoFactorStore.State state = store.state(userId);
        if (state.secret() == null || state.confirmed()) {
            return java.util.Optional.empty();
        }
        OptionalLong step = matchingStep(secrets.open(state.secret()), code, state.lastStep());
        if (step.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> fresh = Arrays.asList(recoveryCodes.generateCodes(properties.recoveryCodes()));
        List<String> hashes = fresh.stream().map(TwoFactor::hashHex).toList();
        return store.confirm(userId, step.getAsLong(), hashes)
                ? java.util.Optional.of(fresh)
                : java.util.Optional.empty();
    }

    /** Whether the code is the person's current TOTP code, not used before; using it spends its step. */
    boolean verifyCode(UUID userId, String code) {
        TwoFactorStore.State state = store.state(userId);
        if (!state.enabled()) {
            return false;
        }
        OptionalLong step = matchingStep(secrets.open(state.secret()), code, state.lastStep());
        return step.isPresent() && store.useStep(userId, step.getAsLong());
    }

    /** Whether the code is one of the person's unused recovery codes; using it spends it. */
    boolean useRecoveryCode(UUID userId, String code) {
        String normalized = normalizeRecoveryCode(code);
        return !normalized.isEmpty()
                && store.useRecoveryCode(userId, HexFormat.of().parseHex(hashHex(normalized)));
    }

    /** A TOTP code or a recovery code, whichever the input looks like. */
    boolean verifyCodeOrRecoveryCode(UUID userId, String input) {
        String trimmed = input == null ? "" : input.strip();
        return trimmed.matches("[0-9]{6}") ? verifyCode(userId, trimmed) : useRecoveryCode(userId, trimmed);
    }

    void remove(UUID userId) {
        store.remove(userId);
    }

    /** The step (current, or one either side) whose code this is, if it is newer than the last one used. */
    private OptionalLong matchingStep(String secret, String code, Long lastStep) {
        if (code == null || !code.strip().matches("[0-9]{" + DIGITS + "}")) {
            return OptionalLong.empty();
        }
        byte[] presented = code.strip().getBytes(StandardCharsets.US_ASCII);
        long now = Math.floorDiv(clock.millis() / 1000, PERIOD_SECONDS);
        for (long step = now - 1; step <= now + 1; step++) {
            if (lastStep != null && step <= lastStep) {
                continue;
            }
            if (MessageDigest.isEqual(generate(secret, step).getBytes(StandardCharsets.US_ASCII), presented)) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /** The code of a step; for tests, that act as the person's authenticator app. */
    String generate(String secret, long step) {
        try {
            return codes.generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException("cannot compute a TOTP code", e);
        }
    }

    private static String normalizeRecoveryCode(String code) {
        return code == null ? "" : code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    }

    private static String hashHex(String code) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(normalizeRecoveryCode(code).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

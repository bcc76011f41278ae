package io.chaosplane.controlplane.schedule;

import io.chaosplane.service.web.ServiceUnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Seals webhook signing secrets with AES-256-GCM under a key from configuration, so that a copy of the database
 * alone does not let anyone sign as ChaosPlane. The webhook's id is the associated data: a sealed secret moved to
 * another row does not open.
 */
@Component
class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    static final int MIN_KEY_LENGTH = 32;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    SecretBox(AlertWebhookProperties properties) {
        String configured = properties.encryptionKey();
        if (configured == null || configured.isBlank()) {
            key = null;
        } else if (configured.length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException(
                    "chaosplane.alert-webhooks.encryption-key must be at least " + MIN_KEY_LENGTH + " characters long");
        } else {
            key = new SecretKeySpec(sha256(configured.getBytes(StandardCharsets.UTF_8)), "AES");
        }
    }

    boolean configured() {
        return key != null;
    }

    byte[] seal(String secret, UUID owner) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(owner));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    String open(byte[] box, UUID owner) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, box, 0, NONCE_BYTES));
            cipher.updateAAD(aad(owner));
            return new String(cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // a changed key, or a row tampered with: the secret is lost, the message names neither
            throw new IllegalStateException("the webhook's signing secret does not open with the configured key");
        }
    }

    private SecretKeySpec requireKey() {
        if (key == null) {
            throw new ServiceUnavailableException(
                    "alert webhooks need chaosplane.alert-webhooks.encryption-key (CHAOSPLANE_ALERT_WEBHOOKS_ENCRYPTION_KEY)");
        }
        return key;
    }

    private static byte[] aad(UUID owner) {
        return owner.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

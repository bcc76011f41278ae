package io.chaosplane.controlplane.auth;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person who signs in to the web UI. People are global; their rights in an account are memberships. */
@Entity
@Table(name = "users")
class User {

    @Id
    private UUID id;

    private String email;
    private String displayName;
    private String passwordHash;
    private boolean platformAdmin;
    private boolean disabled;
    private Instant createdAt;

    protected User() {}

    User(String email, String displayName, String passwordHash, boolean platformAdmin, Instant now) {
        this.id = UUID.randomUUID();
        this.email = email;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.platformAdmin = platformAdmin;
        this.createdAt = now;
    }

    void changePassword(String newHash) {
        this.passwordHash = newHash;
    }

    public UUID getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public boolean isPlatformAdmin() {
        return platformAdmin;
    }

    public boolean isDisabled() {
        return disabled;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}

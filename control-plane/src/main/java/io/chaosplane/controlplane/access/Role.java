package io.chaosplane.controlplane.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a member or an API key may do, each role including the one before it. */
public enum Role {
    /** Reads everything in its scope. */
    VIEWER(100),
    /** Reads, and acts: runs, aborts, pauses, resumes, approves, acknowledges. */
    OPERATOR(500),
    /** Everything: creates, changes and deletes, and manages members and keys. */
    ADMIN(1000);

    private final int requestsPerMinute;

    Role(int requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
    }

    public boolean allows(Permission permission) {
        return switch (permission) {
            case READ -> true;
            case OPERATE -> this != VIEWER;
            case MANAGE -> this == ADMIN;
        };
    }

    public int requestsPerMinute() {
        return requestsPerMinute;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWire(String value) {
        for (Role role : values()) {
            if (role.wireName().equalsIgnoreCase(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "', expected one of viewer, operator, admin");
    }

    @Override
    public String toString() {
        return wireName();
    }
}

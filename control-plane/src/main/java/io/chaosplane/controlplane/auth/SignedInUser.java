package io.chaosplane.controlplane.auth;

import java.io.Serial;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The person of a web session. Rights are not kept here but read per request from memberships, so that a
 * changed role takes effect at once; the session generation it was signed in with is checked on every request, so
 * that a password change or a disabled person ends the session.
 */
record SignedInUser(
        UUID id,
        String email,
        String displayName,
        boolean platformAdmin,
        String passwordHash,
        boolean disabled,
        int sessionGeneration)
        implements UserDetails {

    @Serial
    private static final long serialVersionUID = 1L;

    static SignedInUser of(User user) {
        return new SignedInUser(
                user.id(),
                user.email(),
                user.displayName(),
                user.platformAdmin(),
                user.passwordHash(),
                user.disabled(),
                user.sessionGeneration());
    }

    /** The same person after a password change, for the session that changed it. */
    SignedInUser withSessionGeneration(int generation) {
        return new SignedInUser(id, email, displayName, platformAdmin, passwordHash, disabled, generation);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_USER"));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isEnabled() {
        return !disabled;
    }

    @Override
    public String toString() {
        return "SignedInUser[" + email + "]"; // never the password hash
    }
}

package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.Caller;
import java.io.Serial;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by an API key; it lives for that request only, never in a session. */
class ApiKeyAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Caller caller;

    ApiKeyAuthentication(Caller caller) {
        super(List.of(new SimpleGrantedAuthority("ROLE_API_KEY")));
        this.caller = caller;
        setAuthenticated(true);
    }

    Caller caller() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller.actor();
    }
}

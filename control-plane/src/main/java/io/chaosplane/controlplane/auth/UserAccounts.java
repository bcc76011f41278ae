package io.chaosplane.controlplane.auth;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * People: created with a hashed password, found by e-mail. A person is made only by the bootstrap on an empty
 * database or by accepting an invitation with a password of their own.
 */
@Component
class UserAccounts {

    private final UserStore users;
    private final PasswordEncoder passwords;
    private final Clock clock;

    UserAccounts(UserStore users, PasswordEncoder passwords, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
    }

    User create(String email, String displayName, String password, boolean platformAdmin) {
        return users.insert(new User(
                UUID.randomUUID(),
                email.trim(),
                displayName,
                passwords.encode(password),
                platformAdmin,
                false,
                0,
                clock.instant()));
    }

    Optional<User> findByEmail(String email) {
        return users.findByEmail(email.trim());
    }

    boolean anyExists() {
        return users.anyExists();
    }
}

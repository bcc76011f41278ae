package io.chaosplane.controlplane.auth;

import java.time.Clock;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** People: created with a hashed password, found by e-mail. */
@Component
class UserAccounts {

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final Clock clock;

    UserAccounts(UserRepository users, PasswordEncoder passwords, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
    }

    User create(String email, String displayName, String password, boolean platformAdmin) {
        return users.save(
                new User(email.trim(), displayName, passwords.encode(password), platformAdmin, clock.instant()));
    }

    Optional<User> findByEmail(String email) {
        return users.findByEmail(email.trim());
    }

    boolean anyExists() {
        return users.count() > 0;
    }
}

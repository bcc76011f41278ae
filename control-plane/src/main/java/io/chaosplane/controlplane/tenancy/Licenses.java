package io.chaosplane.controlplane.tenancy;

import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The license of an account: its plan, paid period and trial, and the features they turn on now. */
@Component
public class Licenses {

    private final AccountRepository accounts;
    private final Clock clock;

    Licenses(AccountRepository accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    LicenseController.LicenseView of(String accountId) {
        Account account = accounts.findById(accountId)
                .orElseThrow(() -> new IllegalStateException("account " + accountId + " is not visible"));
        return LicenseController.view(
                account.getPlan(), account.getPlanExpiresAt(), account.getTrialEndsAt(), clock.instant());
    }

    /** The features the account's license turns on now, for features that are gated. */
    @Transactional(readOnly = true)
    public List<String> features(String accountId) {
        return of(accountId).features();
    }
}

package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.tenancy.TenancyDtos.AccountView;
import io.chaosplane.controlplane.tenancy.TenancyDtos.CreateAccount;
import io.chaosplane.controlplane.tenancy.TenancyDtos.UpdateAccount;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/accounts")
@Tag(name = "Tenancy", description = "Accounts, organizations, projects and environments")
class AccountController {

    private final AccountService accounts;
    private final AccessGuard guard;
    private final AccountProperties properties;

    AccountController(AccountService accounts, AccessGuard guard, AccountProperties properties) {
        this.accounts = accounts;
        this.guard = guard;
        this.properties = properties;
    }

    @GetMapping
    @Operation(summary = "List the accounts the caller belongs to")
    ListResponse<AccountView> list() {
        List<AccountView> mine = accounts.listForCaller();
        return ListResponse.of("AccountList", mine, mine.size(), new Paging(0, Math.max(1, mine.size())));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create an account (people only); its creator becomes its admin",
            description = "Platform administrators always may; other people only where self sign-up is on"
                    + " (chaosplane.accounts.self-signup).")
    AccountView create(@Valid @RequestBody CreateAccount request) {
        Caller caller = guard.caller();
        if (caller.kind() != Caller.Kind.USER) {
            throw new ForbiddenException("accounts are created by people signed in, not by API keys");
        }
        if (!caller.platformAdmin() && !properties.selfSignup()) {
            throw new ForbiddenException(
                    "creating accounts is closed on this server: ask its operator, or an admin to invite you");
        }
        return accounts.create(request, caller.subjectId());
    }

    @GetMapping("/{accountIdentifier}")
    @Operation(summary = "Get an account")
    AccountView get(@PathVariable String accountIdentifier) {
        return accounts.get(accountIdentifier);
    }

    @PutMapping("/{accountIdentifier}")
    @Operation(summary = "Rename an account, or change its plan (platform administrators)")
    AccountView update(@PathVariable String accountIdentifier, @Valid @RequestBody UpdateAccount request) {
        return accounts.update(accountIdentifier, request);
    }

    @DeleteMapping("/{accountIdentifier}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an account and everything in it")
    void delete(@PathVariable String accountIdentifier) {
        accounts.delete(accountIdentifier);
    }
}

package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.service.web.ApiException;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A person's own two-factor sign-in: enrol (a secret shown once, confirmed with a first code, which answers the
 * recovery codes once), see the state, turn it off with a code. People's actions: API keys are refused (403).
 */
@RestController
@RequestMapping(TwoFactorGate.API_PREFIX)
@Tag(name = "Me", description = "Who the caller is and what it may do")
class TwoFactorController {

    record TwoFactorStatus(
            @Schema(description = "whether sign-in asks for a code after the password")
            boolean enabled,

            @Schema(description = "whether an account of the person requires its admins to use two factors")
            boolean required,

            @Schema(description = "unused recovery codes") int recoveryCodesLeft) {}

    record EnrolmentView(
            @Schema(description = "the TOTP secret (base32), shown only now")
            String secret,

            @Schema(description = "the same as an otpauth:// URI for authenticator apps (or a QR code of it)")
            String otpauthUri) {
        @Override
        public String toString() {
            return "EnrolmentView[...]";
        }
    }

    record ConfirmTwoFactor(
            @NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be the 6 digits of the authenticator app's code")
            String code) {}

    record RecoveryCodes(
            @Schema(description = "one-time codes for when the authenticator is lost, shown only now")
            List<String> recoveryCodes) {}

    record RemoveTwoFactor(
            @NotBlank @Size(max = 64) @Schema(description = "a current code or an unused recovery code")
            String code) {}

    /** Too many wrong codes: the same answer as the sign-in throttle's. */
    static final class CodesThrottledException extends ApiException {
        CodesThrottledException(long seconds) {
            super(HttpStatus.TOO_MANY_REQUESTS, "too many wrong codes, retry in " + seconds + "s");
        }
    }

    private final AccessGuard guard;
    private final UserStore users;
    private final TwoFactor twoFactor;
    private final LoginThrottle throttle;
    private final LoginAudit audit;

    TwoFactorController(
            AccessGuard guard, UserStore users, TwoFactor twoFactor, LoginThrottle throttle, LoginAudit audit) {
        this.guard = guard;
        this.users = users;
        this.twoFactor = twoFactor;
        this.throttle = throttle;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Whether the signed-in person signs in with two factors, and whether they must")
    TwoFactorStatus status() {
        var state = twoFactor.state(person().id());
        return new TwoFactorStatus(state.enabled(), state.required(), state.enabled() ? state.recoveryCodesLeft() : 0);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Begin enrolling in two-factor sign-in",
            description = "Answers a new TOTP secret once (as text and as an otpauth:// URI); it takes effect when"
                    + " confirmed with a first code. Beginning again replaces an unconfirmed secret.")
    @ApiResponse(responseCode = "409", description = "two-factor sign-in is on already")
    EnrolmentView begin() {
        User person = person();
        return twoFactor
                .begin(person.id(), person.email())
                .map(enrolment -> new EnrolmentView(enrolment.secret(), enrolment.otpauthUri()))
                .orElseThrow(() -> new ConflictException("two-factor sign-in is on already; turn it off first"));
    }

    @PostMapping("/confirm")
    @Operation(
            summary = "Confirm enrolment with the authenticator app's current code",
            description = "Turns two-factor sign-in on and answers the recovery codes, once (only their hashes are"
                    + " kept); each works once.")
    @ApiResponse(responseCode = "409", description = "no enrolment was begun, or it is confirmed already")
    RecoveryCodes confirm(@Valid @RequestBody ConfirmTwoFactor request, HttpServletRequest http) {
        User person = person();
        notThrottled(person, http);
        var state = twoFactor.state(person.id());
        if (state.secret() == null || state.confirmed()) {
            throw new ConflictException(
                    state.confirmed()
                            ? "two-factor sign-in is on already"
                            : "begin enrolling first (POST " + TwoFactorGate.API_PREFIX + ")");
        }
        var codes = twoFactor.confirm(person.id(), request.code());
        if (codes.isEmpty()) {
            throttle.secondFactorFailed(person.email(), http.getRemoteAddr());
            audit.secondFactor(person.id(), person.email(), "enrolment-failure");
            throw InvalidInputException.of("code", "is not the authenticator app's current code");
        }
        throttle.secondFactorSucceeded(person.email());
        audit.secondFactor(person.id(), person.email(), "enrolled");
        return new RecoveryCodes(codes.get());
    }

    @PostMapping("/remove")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Turn two-factor sign-in off, with a current code or a recovery code")
    @ApiResponse(responseCode = "409", description = "an account of the person requires its admins to use it")
    void remove(@Valid @RequestBody RemoveTwoFactor request, HttpServletRequest http) {
        User person = person();
        notThrottled(person, http);
        var state = twoFactor.state(person.id());
        if (!state.enabled()) {
            throw new ConflictException("two-factor sign-in is off");
        }
        if (state.required()) {
            throw new ConflictException("an account of yours requires its admins to sign in with two factors");
        }
        if (!twoFactor.verifyCodeOrRecoveryCode(person.id(), request.code())) {
            throttle.secondFactorFailed(person.email(), http.getRemoteAddr());
            audit.secondFactor(person.id(), person.email(), "removal-failure");
            throw InvalidInputException.of("code", "is neither the current code nor an unused recovery code");
        }
        twoFactor.remove(person.id());
        throttle.secondFactorSucceeded(person.email());
        audit.secondFactor(person.id(), person.email(), "removed");
    }

    private User person() {
        Caller caller = guard.caller();
        if (caller.kind() != Caller.Kind.USER) {
            throw new ForbiddenException("two-factor sign-in is a person's; API keys have none");
        }
        return users.findSelf(caller.subjectId()).orElseThrow();
    }

    private void notThrottled(User person, HttpServletRequest http) {
        var locked = throttle.secondFactorLockedFor(person.email(), http.getRemoteAddr());
        if (locked.isPresent()) {
            audit.secondFactor(person.id(), person.email(), "throttled");
            throw new CodesThrottledException(Math.max(1, (locked.get().toMillis() + 999) / 1000));
        }
    }
}

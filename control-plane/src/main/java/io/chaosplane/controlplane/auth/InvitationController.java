package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.auth.InvitationDtos.AcceptInvitation;
import io.chaosplane.controlplane.auth.InvitationDtos.AcceptedInvitation;
import io.chaosplane.controlplane.auth.InvitationDtos.CreateInvitation;
import io.chaosplane.controlplane.auth.InvitationDtos.CreatedInvitation;
import io.chaosplane.controlplane.auth.InvitationDtos.InvitationView;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.PageParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/invitations")
@Tag(name = "Invitations", description = "How people join an account: invited by an admin, accepted by themselves")
class InvitationController {

    static final String ACCEPT_PATH = "/api/v1/invitations/accept";

    private final InvitationService invitations;

    InvitationController(InvitationService invitations) {
        this.invitations = invitations;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Invite an e-mail address to a role over the account, an organization or a project",
            description = "Admins of that scope, signed in (an API key may not: 403). The answer holds the one-time"
                    + " link, shown this once (it is also e-mailed when SMTP is configured); it is the same whether"
                    + " or not the address belongs to someone already.")
    CreatedInvitation create(@Valid @RequestBody CreateInvitation request) {
        return invitations.create(request);
    }

    @GetMapping
    @Operation(summary = "List the invitations of the scopes the caller administers, newest first")
    ListResponse<InvitationView> list(@Valid @ParameterObject PageParams page) {
        return invitations.list(page.paging());
    }

    @DeleteMapping("/{invitationId}")
    @Operation(summary = "Revoke a pending invitation: its link stops working (admin of its scope)")
    InvitationView revoke(@PathVariable UUID invitationId) {
        return invitations.revoke(invitationId);
    }

    @PostMapping("/accept")
    @Operation(
            summary = "Accept an invitation with its link's token",
            description = "Signed in (session or HTTP Basic) as the invited address: joins as that person. Without"
                    + " credentials: makes a new person with the name and password given (409 when the address"
                    + " signs in already: sign in, then accept). A link works once, until it expires.")
    AcceptedInvitation accept(@Valid @RequestBody AcceptInvitation request) {
        return invitations.accept(request);
    }
}

package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.auth.MemberDtos.ChangeRole;
import io.chaosplane.controlplane.auth.MemberDtos.MemberView;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/members")
@Tag(name = "Members", description = "People and their roles per account, organization or project")
class MemberController {

    private final MemberService members;

    MemberController(MemberService members) {
        this.members = members;
    }

    @GetMapping
    @Operation(summary = "List the members of the scopes the caller administers")
    ListResponse<MemberView> list(@Valid @ParameterObject PageParams page) {
        return members.list(page.paging());
    }

    @PutMapping("/{memberId}")
    @Operation(summary = "Change a member's role (admin of its scope, signed in: an API key may not)")
    MemberView changeRole(@PathVariable UUID memberId, @Valid @RequestBody ChangeRole request) {
        return members.changeRole(memberId, request);
    }

    @PostMapping("/{memberId}/disable")
    @Operation(
            summary = "Disable the member's person in the account (account admins, signed in)",
            description = "Their memberships grant nothing from their next request on, and the API keys they made in"
                    + " the account are revoked. People join through invitations (/api/v1/invitations).")
    MemberView disable(@PathVariable UUID memberId) {
        return members.disable(memberId);
    }

    @PostMapping("/{memberId}/enable")
    @Operation(summary = "Enable a disabled person in the account again (account admins, signed in)")
    MemberView enable(@PathVariable UUID memberId) {
        return members.enable(memberId);
    }

    @DeleteMapping("/{memberId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member (admin of its scope)")
    void remove(@PathVariable UUID memberId) {
        members.remove(memberId);
    }
}

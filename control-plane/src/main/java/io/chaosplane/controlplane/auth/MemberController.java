package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.auth.MemberDtos.AddMember;
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

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Give a person a role over the account, an organization or a project (admin of that scope)")
    MemberView add(@Valid @RequestBody AddMember request) {
        return members.add(request);
    }

    @PutMapping("/{memberId}")
    @Operation(summary = "Change a member's role (admin of its scope)")
    MemberView changeRole(@PathVariable UUID memberId, @Valid @RequestBody ChangeRole request) {
        return members.changeRole(memberId, request);
    }

    @DeleteMapping("/{memberId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member (admin of its scope)")
    void remove(@PathVariable UUID memberId) {
        members.remove(memberId);
    }
}
